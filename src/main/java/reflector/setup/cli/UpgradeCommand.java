package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reflector.setup.backup.Backup;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.install.Host;
import reflector.setup.install.Installer;
import reflector.setup.install.RunLock;
import reflector.setup.output.CommandOutput;
import reflector.setup.output.Console;
import reflector.setup.output.JsonDocument;
import reflector.setup.output.Verbosity;
import reflector.setup.schema.BrokenCommit;
import reflector.setup.secrets.KnownSecrets;
import reflector.setup.text.ShellWords;
import reflector.setup.text.Sizes;
import reflector.setup.upgrade.UpgradePlan;

/**
 * Moves a deployment to another Reflector version (or this installer's newer compose file and
 * templates): the plan first (the install's dry run with the new version), then a backup, then the
 * install's own steps with the recorded options and the new version. On failure it says how to go
 * back: the restore of the backup it took.
 */
@Command(
        name = "upgrade",
        mixinStandardHelpOptions = true,
        description = {
            "Move the deployment to another Reflector version: show what changes (version, images, the "
                    + "compose file and templates this installer brings), back up, then run the install with the "
                    + "options the deployment was installed with and the new version: pull or build, recreate what "
                    + "changed, wait for health and run the install's checks.",
            "On failure it prints the restore command that goes back to the backup it took."
        })
public final class UpgradeCommand extends DayTwoCommand {

    @Mixin
    FormatOption format = new FormatOption();

    @Mixin
    OutputOptions verbosity = new OutputOptions();

    @Option(
            names = "--reflector-version",
            paramLabel = "REF",
            completionCandidates = InstallOptions.ReleaseTags.class,
            description =
                    "The version to move to: a release (${COMPLETION-CANDIDATES}), or with --build a branch or full "
                            + "commit (default: the "
                            + "recorded one, which only brings this installer's compose file and templates).")
    String reflectorVersion;

    @Option(
            names = "--source",
            paramLabel = "DIR|GIT-URL",
            description = "Build the three images from this Reflector checkout, or Git URL (url#ref), instead.")
    String source;

    @Option(names = "--build", description = "Build the backend and frontend images instead of pulling them.")
    boolean build;

    @Option(names = "--dry-run", description = "Show the plan and change nothing.")
    boolean dryRun;

    @Option(
            names = "--backup-output",
            paramLabel = "FILE",
            description = "Where the backup taken first goes (default: DIR/backups/reflector-PROJECT-TIME.tar.gz).")
    Path backupOutput;

    public UpgradeCommand(Host host) {
        super(host);
    }

    @Override
    public String documentName() {
        return "upgrade";
    }

    @Override
    public CommandOutput output() {
        return format.made();
    }

    /**
     * Under the run lock from the first look at the deployment to the end, backup and install
     * alike, so that no other run changes it in between (a dry run changes nothing and takes none).
     */
    @Override
    public Integer call() throws Exception {
        try (RunLock lock = dryRun ? null : RunLock.acquire(parent.deploymentDir())) {
            return upgrade(lock);
        }
    }

    private int upgrade(RunLock lock) throws Exception {
        CommandOutput output = format.output(host);
        Console console = console(verbosity);
        Deployment deployment = deployment();
        Optional<ReflectorVersion> from = RecordedVersion.of(deployment.directory());
        RecordedInstall.Arguments arguments =
                RecordedInstall.arguments(deployment.directory(), runningServices(deployment));
        console.info("install options from " + arguments.source() + ": " + ShellWords.join(arguments.words()));

        Optional<String> target = target(from, console);

        Installer planner =
                new Installer(host, new Console(new PrintWriter(Writer.nullWriter()), Verbosity.QUIET, false), null);
        Settings planned = settings(arguments, target, console, true);
        planner.run(planned, null);
        refuseWhatThePreflightWouldRefuse(planner);
        UpgradePlan plan = UpgradePlan.of(from, planned, planner.report());
        ObjectNode document = JsonDocument.start("upgrade", ExitCode.OK, null);
        DeploymentDocument.describe(document, deployment);
        document.put("dryRun", dryRun);
        document.set("plan", plan.json());
        output.text(plan.text());
        if (dryRun) {
            output.text("\n" + planner.planText());
            output.text("\nDry run: nothing was changed. Without --dry-run, a backup is taken first, then the install "
                    + "runs with the new version.\n");
            document.set("install", planner.summary(ExitCode.OK, null));
            finish(output, document);
            return ExitCode.OK.code();
        }
        if (!plan.changesAnything()) {
            output.text("\nNothing to upgrade: the deployment is at "
                    + plan.to().label() + " with this installer's files.\n");
            finish(output, document);
            return ExitCode.OK.code();
        }

        Backup.Result backup = backup(deployment, console, arguments);
        String rollback =
                "reflector-setup restore " + ShellWords.quote(backup.archive().toString()) + " --dir "
                        + ShellWords.quote(deployment.directory().toString());
        document.putObject("backup").put("path", backup.archive().toString()).put("bytes", backup.bytes());
        document.putObject("commands").put("rollback", rollback);

        Settings settings = settings(arguments, target, console, false);
        Installer installer = new Installer(host, console, null);
        try {
            installer.run(settings, lock);
        } catch (InstallerException e) {
            console.error("the upgrade failed: " + e.getMessage());
            console.block("To go back to " + from.map(ReflectorVersion::label).orElse("the deployment as it was")
                    + ", with its data as backed up just before:\n  " + rollback
                    + "\n(add --yes when not on a terminal)");
            JsonDocument.outcome(document, e.exitCode(), e.getMessage());
            document.set("install", installer.summary(e.exitCode(), e.getMessage()));
            document.put("rolledBack", false);
            finish(output, document);
            throw e;
        }
        document.set("install", installer.summary(ExitCode.OK, null));
        output.text("\nUpgraded to " + plan.to().label() + ". Backup taken first: " + backup.archive() + " ("
                + Sizes.human(backup.bytes()) + ").\nTo go back: " + rollback + "\n" + installer.summaryText());
        finish(output, document);
        return ExitCode.OK.code();
    }

    /**
     * The version asked for; a deployment of upstream commit bfa10718 (whose migrations cannot run)
     * moves to the release of the same code without being asked.
     */
    private Optional<String> target(Optional<ReflectorVersion> from, Console console) {
        if (reflectorVersion != null) {
            return Optional.of(reflectorVersion);
        }
        if (source == null && from.isPresent() && BrokenCommit.is(from.get().ref())) {
            console.info("Reflector " + from.get().label() + " cannot work (its migrations have two heads): moving to "
                    + BrokenCommit.releasedAs() + ", the release of the same code");
            return Optional.of(BrokenCommit.releasedAs());
        }
        return Optional.empty();
    }

    /**
     * A check the install's preflight would fail (the migration guard, a port taken, ...) stops the
     * upgrade here, before its backup, also a dry run: the install itself would stop there.
     */
    private static void refuseWhatThePreflightWouldRefuse(Installer planner) {
        Map<String, String> failures = planner.report().preflightFailures();
        if (failures.isEmpty()) {
            return;
        }
        throw InstallerException.environment("the upgrade is refused before its backup, and nothing was changed: "
                + failures.entrySet().stream()
                        .map(failure -> failure.getKey() + ": " + failure.getValue())
                        .collect(Collectors.joining("; ")));
    }

    private Settings settings(
            RecordedInstall.Arguments arguments, Optional<String> target, Console console, boolean plan) {
        InstallOptions options = RecordedInstall.options(arguments, recorded -> {
            recorded.dir = parent.deploymentDir();
            recorded.dryRun = plan;
            target.ifPresent(version -> recorded.reflectorVersion = version);
            if (source != null) {
                recorded.source = source;
            }
            recorded.build |= build;
        });
        return RecordedInstall.settings(options, host, console);
    }

    /** The services that run, to read the options of a deployment that did not record them; none without Docker. */
    private List<String> runningServices(Deployment deployment) {
        try (Docker docker = docker()) {
            return docker.deploymentContainers(deployment).stream()
                    .map(ContainerInfo::service)
                    .toList();
        } catch (DockerUnavailableException e) {
            return List.of();
        }
    }

    private Backup.Result backup(Deployment deployment, Console console, RecordedInstall.Arguments arguments) {
        console.step("", "backup", "before the upgrade, so that it can be undone");
        Path file = backupOutput != null
                ? backupOutput.toAbsolutePath().normalize()
                : Backup.defaultOutput(deployment, host.clock().instant());
        try (Docker docker = docker()) {
            if (docker.deploymentContainers(deployment).isEmpty()) {
                throw InstallerException.environment(
                        "the upgrade backs up first, and nothing runs in " + deployment.directory()
                                + "; start the deployment (reflector-setup --dir " + deployment.directory() + " "
                                + ShellWords.join(arguments.words()) + "), then upgrade");
            }
            Backup.Result result = new Backup(
                            docker,
                            console,
                            host.clock(),
                            VersionProvider.installerVersion(),
                            KnownSecrets.in(deployment.directory()))
                    .write(deployment, file, Optional.of(arguments.recorded()));
            console.info("backup written: " + result.archive() + " (" + Sizes.human(result.bytes()) + ")");
            return result;
        } catch (IOException e) {
            throw InstallerException.environment(
                    "the backup before the upgrade failed: " + e.getMessage() + "; nothing was upgraded");
        }
    }

    private static void finish(CommandOutput output, ObjectNode document) {
        if (output.json()) {
            output.document(document);
        }
    }
}
