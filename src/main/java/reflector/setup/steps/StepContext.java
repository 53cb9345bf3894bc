package reflector.setup.steps;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.config.RunSecrets;
import reflector.setup.config.RunSettings;
import reflector.setup.config.Settings;
import reflector.setup.docker.ComposeConfig;
import reflector.setup.docker.ComposeProject;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.docker.ServicePorts;
import reflector.setup.files.DirectoryModes;
import reflector.setup.files.FileChange;
import reflector.setup.files.Workspace;
import reflector.setup.output.Console;
import reflector.setup.secrets.SecretMasker;

/** What a step may use: the settings, the files, Docker, the console and the run's record. */
public final class StepContext {
    private final Settings settings;
    private final Workspace workspace;
    private final Console console;
    private final Supplier<Docker> docker;
    private final SecureRandom random;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RunReport report;
    private final Instant started;
    private SecretMasker masker;
    private ServicePorts servicePorts;
    /** Forgotten when the run writes a file: the compose file, or an env file Compose reads, may have changed. */
    private ComposeConfig composeConfig;

    private StepRecord current;

    public StepContext(
            Settings settings,
            Workspace workspace,
            Console console,
            Supplier<Docker> docker,
            SecureRandom random,
            Clock clock,
            RunReport report,
            SecretMasker masker) {
        this(settings, workspace, console, docker, random, clock, Sleeper.SYSTEM, report, masker);
    }

    /** With a sleeper of its own, e.g. one that moves a test's clock instead of waiting. */
    public StepContext(
            Settings settings,
            Workspace workspace,
            Console console,
            Supplier<Docker> docker,
            SecureRandom random,
            Clock clock,
            Sleeper sleeper,
            RunReport report,
            SecretMasker masker) {
        this.settings = settings;
        this.sleeper = sleeper;
        this.workspace = workspace;
        this.console = console;
        this.docker = docker;
        this.random = random;
        this.clock = clock;
        this.report = report;
        this.masker = masker;
        this.started = clock.instant();
    }

    /** When the run began: what Docker and Caddy logged after this happened during the run. */
    public Instant started() {
        return started;
    }

    /** The whole of this run's settings, for what needs more than one part of them. */
    public Settings settings() {
        return settings;
    }

    /** What the deployment is (not {@link #deployment()}, which is how Docker finds it). */
    public DeploymentSettings deploymentSettings() {
        return settings.deployment();
    }

    /** What this run does: dry run, steps, images, preflight, storage move. */
    public RunSettings runSettings() {
        return settings.run();
    }

    /** The admin password request and HuggingFace token given to this run. */
    public RunSecrets runSecrets() {
        return settings.secrets();
    }

    public Workspace workspace() {
        return workspace;
    }

    public Console console() {
        return console;
    }

    /** This deployment as Docker knows it: its Compose project and directory. */
    public Deployment deployment() {
        return new Deployment(settings.deployment().project().name(), workspace.dir());
    }

    /** The deployment's Compose project with this run's profiles. */
    public ComposeProject compose() {
        return docker().compose(deployment(), settings.deployment().profiles(), dockerOutput());
    }

    /** The Docker adapter, connected on first use so that config-only runs never need Docker. */
    public Docker docker() {
        return docker.get();
    }

    public SecureRandom random() {
        return random;
    }

    public Clock clock() {
        return clock;
    }

    /** Pauses between polls; with {@link #clock()} the steps' one time source. */
    public void sleep(Duration duration) throws InterruptedException {
        sleeper.sleep(duration);
    }

    public RunReport report() {
        return report;
    }

    public boolean dryRun() {
        return settings.run().dryRun();
    }

    /**
     * `docker compose config` of the deployment: read once, and again only after this run wrote
     * a file (the compose file, or an env file Compose reads, may have changed). Each reading
     * costs a docker CLI and a Compose start.
     */
    public synchronized ComposeConfig composeConfig() {
        if (composeConfig == null) {
            composeConfig = compose().config();
        }
        return composeConfig;
    }

    /**
     * The ports the deployment's compose file publishes, read once per run through `docker compose
     * config`; the bundled ones while there is no compose file, or when Compose cannot tell (said
     * once, as a warning: the services step validates the file itself).
     */
    public synchronized ServicePorts servicePorts() {
        if (servicePorts == null) {
            if (!Files.isRegularFile(workspace.path(DeploymentFiles.composeFile(workspace.dir())))) {
                return ServicePorts.BUNDLED;
            }
            try {
                servicePorts = new ServicePorts(composeConfig().publishedPorts());
            } catch (DockerOperationException e) {
                warn("cannot read the published ports from the compose file (" + e.getMessage()
                        + "); assuming the bundled ones");
                servicePorts = ServicePorts.BUNDLED;
            }
        }
        return servicePorts;
    }

    /** Opens an env file, starting from its template when it does not exist yet. */
    public EnvEditor env(String path, String template) {
        return EnvEditor.open(this, path, template);
    }

    /** A bundled template as the deployment directory has it, without the installer's marker line. */
    public Optional<String> template(String path) {
        return workspace.read(path).map(GeneratedFileMarker.BUNDLE::strip);
    }

    /** A secret value seen or made in this run: it is masked in every diff, log and diagnostic. */
    public synchronized void secret(String value) {
        masker = masker.with(value);
    }

    public synchronized SecretMasker masker() {
        return masker;
    }

    /** Records a change this step made (or would make, in a dry run). */
    public void changed(Change change) {
        current.addChange(change);
        console.info((dryRun() ? "would " : "") + change.text());
    }

    /** A change known only as a sentence (action "other"); steps name their changes with {@link Change}. */
    public void changed(String description) {
        changed(Change.of("other", List.of(), description));
    }

    /** In a dry run, records a Docker action the step would take. */
    public void planned(String action) {
        current.addPlannedAction(action);
        console.info("would " + action);
    }

    /** Where Docker's and Compose's own output goes: detail lines, secrets masked. */
    public Consumer<String> dockerOutput() {
        return line -> console.detail(masker().mask(line));
    }

    /** Records something the user should know that is not a change. */
    public void note(String note) {
        current.addNote(note);
        console.info(note);
    }

    public void warn(String warning) {
        current.addNote("warning: " + warning);
        report.warning(warning);
        console.warn(warning);
    }

    /** Writes the files this step staged; returns them (nothing is written in a dry run). */
    public List<FileChange> flushFiles() {
        List<FileChange> changes = workspace.flush();
        if (!changes.isEmpty()) {
            synchronized (this) {
                composeConfig = null;
            }
        }
        for (FileChange change : changes) {
            console.detail((dryRun() ? "would write " : "wrote ") + change.path());
        }
        for (String file : workspace.restrictSecretFiles()) {
            changed(Change.file(
                    "restrict-permissions", file, "restrict " + file + " to its owner (mode 0600): it holds secrets"));
        }
        for (String directory : workspace.restrictDirectories()) {
            String mode = DirectoryModes.octal(directory);
            changed(Change.file(
                    "restrict-permissions",
                    directory + "/",
                    "restrict " + directory + "/ to mode " + mode
                            + " (others could write to it): "
                            + (mode.equals("0700")
                                    ? "it holds Garage's secrets and the installer's state"
                                    : "Caddy trusts the CA root in it")));
        }
        return changes;
    }

    void begin(StepRecord record) {
        this.current = record;
    }
}
