package reflector.setup.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reflector.setup.catalog.Service;
import reflector.setup.config.ProjectName;
import reflector.setup.config.RecordedOptions;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.install.Host;
import reflector.setup.install.RunLock;
import reflector.setup.output.Console;
import reflector.setup.secrets.KnownSecrets;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.steps.Sleeper;
import reflector.setup.text.ShellWords;
import reflector.setup.text.Sizes;

/**
 * One restore, made so that a restore that fails leaves the deployment as it was:
 * <ol>
 * <li>the archive is read whole and checked ({@link ArchiveCheck}) before anything is stopped,
 * written or dropped: a damaged one ends here, exit 3;</li>
 * <li>a deployment the restore replaces is backed up first, the safety copy (unless the caller
 * says not to); one that cannot be (its database does not run) stops the restore, exit 3;</li>
 * <li>the deployment is stopped, and its files, database and volumes replaced ({@link Restore},
 * the volumes through temporary ones);</li>
 * <li>the install runs with the restored options: start, health, verify.</li>
 * </ol>
 * When anything fails after the first change, the safety copy goes back the same way (without a
 * safety copy of its own) and the install runs again, so that the previous deployment runs,
 * healthy and verified; the restore then ends with exit 4 saying what failed. When that fails too,
 * it says what state each part is in ({@link RestoreJournal}) and how to finish by hand.
 */
public final class RestoreRun {
    /** What the restore needs from its command line. */
    public interface Hooks {
        /** Asks before replacing what is there ({@code word} is what a person types to agree): returns when confirmed, else throws (exit 2). */
        void confirm(String what, String word);

        /** The install options of a running deployment, for its safety copy's manifest; empty when unknown. */
        Optional<RecordedOptions> installOptions(Docker docker, Deployment deployment);

        /** The install settings of a restored directory: those its .env records, else the archive's manifest's. */
        Settings settings(Deployment deployment, BackupManifest manifest);

        /** Runs the install with the restored settings (start, health, verify); throws when it fails. */
        void install(Settings settings, boolean rollback) throws Exception;
    }

    /** What the caller chose. */
    public record Options(Optional<String> projectName, boolean safetyCopy, String installerVersion) {}

    /** One pass of the restore machinery over an archive: what it put back. */
    public static final class Attempt {
        private final Path archive;
        private List<String> files = List.of();
        private Restore.Data data;

        Attempt(Path archive) {
            this.archive = archive;
        }

        public Path archive() {
            return archive;
        }

        public List<String> files() {
            return files;
        }

        /** The database and volumes put back; null when it did not get that far. */
        public Restore.Data data() {
            return data;
        }
    }

    private final Host host;
    private final Console console;
    private final Hooks hooks;
    private final Options options;
    private final RestoreJournal journal = new RestoreJournal();
    /** The secrets of the directory, as they were and as restored: every message and line of output is masked with them. */
    private volatile SecretMasker masker = SecretMasker.empty();

    private BackupManifest manifest;
    private Deployment deployment;
    private Backup.Result safetyCopy;
    private Attempt restore;
    private Attempt rollback;
    private boolean rolledBack;

    public RestoreRun(Host host, Console console, Hooks hooks, Options options) {
        this.host = host;
        this.console = console;
        this.hooks = hooks;
        this.options = options;
    }

    /**
     * Restores {@code archive} into {@code directory}, under {@code lock}, the run lock of that
     * directory, which the caller took and holds until the restore and its install ended; throws,
     * with the exit code, when it fails (see the class).
     */
    public void run(Path archive, Path directory, RunLock lock) throws InterruptedException {
        RunLock.requireFor(lock, directory);
        masker = KnownSecrets.in(directory);
        host.masking().follow(() -> masker);
        manifest = new ArchiveCheck(console, host.clock())
                .check(archive)
                .orThrow("the restore changed nothing")
                .manifest();
        deployment = new Deployment(project(), directory);
        restore = new Attempt(archive);
        journal.source("the backup " + archive);
        try {
            apply(restore, manifest, options.projectName(), true);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception failure) {
            RuntimeException reported = reported(failure);
            if (!journal.changedAnything()) {
                throw reported;
            }
            String what = journal.doing();
            String reason = masker.maskAll(String.valueOf(reported.getMessage()));
            if (safetyCopy == null) {
                throw partlyRestored(reported, what, reason);
            }
            throw rollBack(what, reason);
        }
    }

    private String project() {
        try {
            return ProjectName.validate(options.projectName().orElse(manifest.project()));
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput("--project-name: " + e.getMessage());
        }
    }

    /** One pass: (the first time: the guard and the safety copy,) stop, files, database and volumes, then the install. */
    private void apply(Attempt attempt, BackupManifest archived, Optional<String> projectName, boolean first)
            throws Exception {
        Settings settings;
        try (Docker docker = host.docker().get()) {
            List<ContainerInfo> own;
            if (first) {
                own = guard(docker, archived);
                safetyCopy = safetyCopy(docker, own);
                // Made only once the restore may go on, so that a refusal leaves nothing behind.
                Files.createDirectories(deployment.directory());
                deployment = new Deployment(deployment.project(), deployment.directory());
            } else {
                own = docker.deploymentContainers(deployment);
            }
            console.step(
                    "",
                    first ? "restore" : "roll back",
                    attempt.archive() + " (taken " + archived.createdAt() + " of " + archived.directory() + ") into "
                            + deployment.directory() + ", project " + deployment.project());
            stop(docker, own);
            try (Restore pass = Restore.open(attempt.archive())) {
                attempt.files = pass.writeFiles(deployment.directory(), projectName, journal);
                masker = masker.with(KnownSecrets.in(deployment.directory()));
                console.info("files: " + String.join(", ", attempt.files));
                journal.doing("reading the install options of the restored files");
                settings = hooks.settings(deployment, archived);
                attempt.data = pass.restoreData(
                        docker,
                        deployment,
                        docker.compose(deployment, settings.deployment().profiles(), console::detail),
                        console,
                        host.clock(),
                        masker,
                        Sleeper.SYSTEM,
                        journal);
            }
        }
        journal.doing("the install (starting every service, waiting until it is healthy, verifying it works)");
        journal.containers("as the install left them");
        console.step("", "install", "start every service as the deployment was made, and wait until it is healthy");
        hooks.install(settings, !first);
        journal.containers("running, healthy and verified");
    }

    /**
     * Another directory's deployment with the same project stops the restore (exit 3); this
     * directory's deployment, or volumes of the project, are replaced only when confirmed.
     * Returns this deployment's containers.
     */
    private List<ContainerInfo> guard(Docker docker, BackupManifest archived) {
        List<ContainerInfo> all = docker.containers();
        all.stream().filter(deployment::sharesNameWith).findFirst().ifPresent(other -> {
            throw InstallerException.environment(
                    "Compose project " + deployment.project() + " belongs to the deployment in " + other.workingDir()
                            + "; restore under another name with --project-name");
        });
        List<ContainerInfo> own = all.stream().filter(deployment::owns).toList();
        List<String> there = there(own, docker.volumes(deployment.project()));
        if (!there.isEmpty()) {
            hooks.confirm(
                    "restore replaces the deployment of project " + deployment.project() + " ("
                            + String.join(" and ", there) + ") with the backup of " + archived.createdAt(),
                    deployment.project());
        }
        return own;
    }

    private static List<String> there(List<ContainerInfo> own, List<String> volumes) {
        List<String> there = new ArrayList<>();
        if (!own.isEmpty()) {
            there.add(own.size() + " containers");
        }
        if (!volumes.isEmpty()) {
            there.add("the volumes " + String.join(", ", volumes));
        }
        return there;
    }

    /**
     * The backup of the deployment the restore replaces, taken before anything changes, as
     * upgrade takes one: null when there is nothing to replace, or the caller said not to.
     */
    private Backup.Result safetyCopy(Docker docker, List<ContainerInfo> own) {
        List<String> volumes = docker.volumes(deployment.project());
        if (own.isEmpty() && volumes.isEmpty()) {
            return null;
        }
        if (!options.safetyCopy()) {
            console.warn("--no-safety-backup: the deployment of project " + deployment.project()
                    + " is replaced without a " + "safety copy, so a restore that fails cannot roll back");
            return null;
        }
        if (own.stream().noneMatch(container -> "postgres".equals(container.service()) && container.running())) {
            throw InstallerException.environment(
                    "the restore first backs up the deployment it replaces (project "
                            + deployment.project() + ": " + String.join(" and ", there(own, volumes))
                            + "), and its database does "
                            + "not run, so it cannot be backed up; start it (reflector-setup --dir "
                            + deployment.directory()
                            + ") and restore again, or give --no-safety-backup to replace it without a safety copy; nothing was changed");
        }
        Path file = freshPath(Backup.defaultOutput(deployment, host.clock().instant()));
        console.step("", "safety copy", "of the deployment the restore replaces, to " + file);
        try {
            Backup.Result result = new Backup(docker, console, host.clock(), options.installerVersion(), masker)
                    .write(deployment, file, hooks.installOptions(docker, deployment));
            console.info("safety copy written: " + result.archive() + " (" + Sizes.human(result.bytes())
                    + "); it stays until you remove it");
            return result;
        } catch (IOException e) {
            throw InstallerException.environment("the safety copy of the deployment could not be written ("
                    + e.getMessage() + "); nothing was changed");
        } catch (InstallerException | DockerOperationException e) {
            throw new InstallerException(
                    ExitCode.ENVIRONMENT,
                    "the safety copy of the deployment could not be written ("
                            + masker.maskAll(String.valueOf(e.getMessage())) + "); nothing was changed",
                    e);
        }
    }

    /** The default name, or, when a backup of the same second is there already, the same name with -2, -3, ... */
    private static Path freshPath(Path path) {
        String name = path.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
        Path candidate = path;
        for (int n = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); n++) {
            candidate = path.resolveSibling(name + "-" + n + ".tar.gz");
        }
        return candidate;
    }

    private void stop(Docker docker, List<ContainerInfo> own) {
        if (own.isEmpty()) {
            return;
        }
        console.info("stopping the deployment that is there (its data is replaced next)");
        journal.doing("stopping the deployment");
        journal.containers("being stopped");
        docker.compose(
                        deployment,
                        Service.profilesOf(
                                own.stream().map(ContainerInfo::service).toList()),
                        console::detail)
                .down();
        journal.containers("stopped");
    }

    /** The safety copy put back as the backup was: the same machinery, without a safety copy of its own, then the install. */
    private InstallerException rollBack(String what, String reason) {
        console.error("the restore failed while " + what + ": " + reason);
        Path copy = safetyCopy.archive();
        console.info(
                "rolling back: putting the deployment back as it was before the restore, from its safety copy " + copy);
        journal.source("the safety copy " + copy);
        rollback = new Attempt(copy);
        try {
            journal.doing("checking the safety copy");
            BackupManifest previous = new ArchiveCheck(console, host.clock())
                    .check(copy)
                    .orThrow("nothing was rolled back")
                    .manifest();
            apply(rollback, previous, Optional.of(deployment.project()), false);
        } catch (Exception again) {
            if (again instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return rollbackFailed(what, reason, again);
        }
        rolledBack = true;
        return new InstallerException(
                ExitCode.SERVICE_FAILED,
                "the restore failed while " + what + ": " + reason
                        + ". It rolled back by itself: the deployment in " + deployment.directory()
                        + " is as it was before the "
                        + "restore, running, healthy and verified; its safety copy stays at " + copy
                        + " until you remove it");
    }

    /** Neither the restore nor its roll-back: what state each part is in, and the commands that finish by hand. */
    private InstallerException rollbackFailed(String what, String reason, Exception again) {
        String rollbackWhat = journal.doing();
        String rollbackReason = masker.maskAll(String.valueOf(reported(again).getMessage()));
        List<String> state = new ArrayList<>(journal.describe());
        state.add("containers: " + containersNow());
        String restoreSafety = "reflector-setup restore "
                + ShellWords.quote(safetyCopy.archive().toString()) + " --dir "
                + ShellWords.quote(deployment.directory().toString()) + " --yes --no-safety-backup";
        StringBuilder block = new StringBuilder("The restore failed while " + what + ": " + reason + "\n"
                + "Rolling back to the safety copy failed too, while " + rollbackWhat + ": " + rollbackReason + "\n"
                + "The deployment in " + deployment.directory()
                + " is now (parts not named are as they were before the restore):\n");
        state.forEach(line -> block.append("  - ").append(line).append('\n'));
        block.append("To finish by hand:\n")
                .append("  1. see what fails: reflector-setup diagnose --dir ")
                .append(ShellWords.quote(deployment.directory().toString()))
                .append('\n')
                .append("  2. put the previous deployment back from its safety copy: ")
                .append(restoreSafety)
                .append('\n');
        for (String volume : journal.leftoverVolumes()) {
            block.append("  and remove the restore's temporary volume: docker volume rm ")
                    .append(volume)
                    .append('\n');
        }
        console.block(block.toString());
        return new InstallerException(
                ExitCode.SERVICE_FAILED,
                "the restore failed while " + what + ": " + reason
                        + ". Rolling back failed too, while " + rollbackWhat + ": " + rollbackReason + ". State now: "
                        + String.join("; ", state)
                        + ". To put the previous deployment back by hand: " + restoreSafety);
    }

    /** A failure where there is no safety copy to go back to: what failed, and what is changed. */
    private InstallerException partlyRestored(RuntimeException reported, String what, String reason) {
        List<String> state = new ArrayList<>(journal.describe());
        state.add("containers: " + journal.containers());
        return new InstallerException(
                ExitCode.of(reported),
                "the restore failed while " + what + ": " + reason
                        + "; there is no safety copy to roll back to ("
                        + (options.safetyCopy() ? "no deployment was there before" : "--no-safety-backup")
                        + "), and the deployment in " + deployment.directory() + " is partly restored ("
                        + String.join("; ", state) + "); after fixing the cause, run the restore again",
                reported);
    }

    private String containersNow() {
        try (Docker docker = host.docker().get()) {
            List<ContainerInfo> containers = docker.deploymentContainers(deployment);
            if (containers.isEmpty()) {
                return "none";
            }
            List<String> running = containers.stream()
                    .filter(ContainerInfo::running)
                    .map(ContainerInfo::service)
                    .toList();
            List<String> notRunning = containers.stream()
                    .filter(c -> !c.running())
                    .map(c -> c.service() + " (" + c.state() + ")")
                    .toList();
            return (running.isEmpty() ? "" : "running " + String.join(", ", running))
                    + (running.isEmpty() || notRunning.isEmpty() ? "" : "; ")
                    + (notRunning.isEmpty() ? "" : "not running " + String.join(", ", notRunning));
        } catch (RuntimeException e) {
            return "unknown (" + masker.maskAll(String.valueOf(e.getMessage())) + ")";
        }
    }

    /** The failure as the restore reports it: with its exit code; an I/O failure is the environment's (exit 3). */
    private static RuntimeException reported(Exception failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof IOException) {
            return InstallerException.environment(failure.getMessage());
        }
        return new InstallerException(ExitCode.INTERNAL_ERROR, String.valueOf(failure), failure);
    }

    public BackupManifest manifest() {
        return manifest;
    }

    /** The deployment restored into; null before the archive was checked. */
    public Deployment deployment() {
        return deployment;
    }

    /** The safety copy taken of the deployment the restore replaced; empty when none was. */
    public Optional<Backup.Result> safetyCopy() {
        return Optional.ofNullable(safetyCopy);
    }

    /** The restore's pass over the archive; null before the archive was checked. */
    public Attempt restored() {
        return restore;
    }

    /** The roll-back's pass over the safety copy; null when there was none. */
    public Attempt rollback() {
        return rollback;
    }

    /** Whether a failed restore was rolled back to the deployment as it was, running and healthy. */
    public boolean rolledBack() {
        return rolledBack;
    }

    public RestoreJournal journal() {
        return journal;
    }
}
