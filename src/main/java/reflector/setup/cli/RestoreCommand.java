package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import reflector.setup.backup.Backup;
import reflector.setup.backup.BackupManifest;
import reflector.setup.backup.RestoreRun;
import reflector.setup.config.RecordedOptions;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.install.Host;
import reflector.setup.install.Installer;
import reflector.setup.install.RunLock;
import reflector.setup.output.CommandOutput;
import reflector.setup.output.Console;
import reflector.setup.text.ShellWords;
import reflector.setup.text.Sizes;

/**
 * A backup brought back, into its own directory or a new one (on this server or another): the
 * options, the confirmation, the install with the recorded options, and the report. The restore
 * itself, with its check of the archive, safety copy and roll-back, is {@link RestoreRun}'s.
 */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Restore a backup into the deployment directory (its own, or a new one on this server or "
                    + "another): the env files and configuration, the database and the volumes, then the install as the "
                    + "deployment was made starts every service and waits until it is healthy.",
            "The whole archive is checked first: a damaged one changes nothing (exit 3). A deployment that is there "
                    + "is backed up first (the safety copy, under DIR/backups/); if the restore then fails, it puts "
                    + "that copy back by itself and exits 4.",
            "Replacing a deployment that is there (its containers or its project's volumes) needs --yes, or on "
                    + "a terminal the project's name typed."
        })
public final class RestoreCommand extends DayTwoCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The archive `reflector-setup backup` wrote.")
    Path archive;

    @Mixin
    FormatOption format = new FormatOption();

    @Mixin
    OutputOptions verbosity = new OutputOptions();

    @Option(
            names = "--project-name",
            paramLabel = "NAME",
            description = "The Compose project of the restored deployment (default: the backed-up one's).")
    String projectName;

    @Option(names = "--yes", description = "Replace the deployment in the directory without being asked.")
    boolean yes;

    @Option(names = "--non-interactive", description = Confirmation.NON_INTERACTIVE)
    boolean nonInteractive;

    @Option(
            names = "--no-safety-backup",
            description = "Do not back up the deployment the restore replaces first; "
                    + "a restore that fails then cannot roll back.")
    boolean noSafetyBackup;

    /** The install that followed the restore, and the roll-back's; null until they ran. */
    private InstallRun install;

    private InstallRun rollbackInstall;

    /** An install as it ended: its exit code and error, for its document. */
    static final class InstallRun {
        final Installer installer;
        ExitCode exitCode = ExitCode.OK;
        String error;

        InstallRun(Installer installer) {
            this.installer = installer;
        }

        ObjectNode summary() {
            return installer.summary(exitCode, error);
        }
    }

    public RestoreCommand(Host host) {
        super(host);
    }

    @Override
    public String documentName() {
        return "restore";
    }

    @Override
    public CommandOutput output() {
        return format.made();
    }

    @Override
    public Integer call() throws Exception {
        CommandOutput output = format.output(host);
        Console console = console(verbosity);
        Path directory = parent.deploymentDir();
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw InstallerException.badInput("--dir: " + directory + " is not a directory");
        }
        // Held from before the archive is checked to the end: files, data and the install (and a
        // roll-back) are one run, which no other run can come between.
        try (RunLock lock = RunLock.acquire(directory)) {
            RestoreRun run = new RestoreRun(
                    host,
                    console,
                    new Hooks(console, lock),
                    new RestoreRun.Options(
                            Optional.ofNullable(projectName), !noSafetyBackup, VersionProvider.installerVersion()));
            try {
                run.run(archive.toAbsolutePath().normalize(), directory, lock);
            } catch (InstallerException e) {
                report(output, run, e.exitCode(), e.getMessage());
                throw e;
            }
            report(output, run, ExitCode.OK, null);
            return ExitCode.OK.code();
        }
    }

    /** The restore's questions to the command line: confirmation, install options and the install itself. */
    private final class Hooks implements RestoreRun.Hooks {
        private final Console console;
        private final RunLock lock;

        Hooks(Console console, RunLock lock) {
            this.console = console;
            this.lock = lock;
        }

        @Override
        public void confirm(String what, String word) {
            Confirmation.require(host, yes, nonInteractive, what, word);
        }

        @Override
        public Optional<RecordedOptions> installOptions(Docker docker, Deployment deployment) {
            return BackupCommand.installOptions(docker, deployment, console);
        }

        @Override
        public Settings settings(Deployment deployment, BackupManifest manifest) {
            Path target = deployment.directory();
            return RecordedInstall.settings(
                    RecordedInstall.options(arguments(deployment, manifest), options -> options.dir = target),
                    host,
                    console);
        }

        @Override
        public void install(Settings settings, boolean rollback) throws Exception {
            InstallRun run = new InstallRun(new Installer(host, console, null));
            if (rollback) {
                rollbackInstall = run;
            } else {
                install = run;
            }
            try {
                run.installer.run(settings, lock);
            } catch (RuntimeException e) {
                run.exitCode = ExitCode.of(e);
                run.error = e.getMessage();
                throw e;
            }
        }
    }

    /** The install options the restored .env records, else those the backup's manifest kept. */
    private static RecordedInstall.Arguments arguments(Deployment deployment, BackupManifest manifest) {
        try {
            return RecordedInstall.arguments(deployment.directory(), List.of());
        } catch (InstallerException notRecorded) {
            Optional<RecordedOptions> kept;
            try {
                kept = RecordedOptions.read(
                        key -> Optional.ofNullable(manifest.installOptions().get(key)));
            } catch (IllegalArgumentException e) {
                throw InstallerException.environment("the backup's manifest: " + e.getMessage());
            }
            return kept.map(options -> new RecordedInstall.Arguments(options, "the backup's manifest"))
                    .orElseThrow(() -> notRecorded);
        }
    }

    private void report(CommandOutput output, RestoreRun run, ExitCode exitCode, String error) {
        if (output.json()) {
            output.document(RestoreDocument.of(
                    run, archive.toAbsolutePath().normalize(), exitCode, error, install, rollbackInstall));
            return;
        }
        Optional<Backup.Result> safety = run.safetyCopy();
        if (exitCode == ExitCode.OK) {
            RestoreRun.Attempt restored = run.restored();
            output.text("\nRestored " + restored.archive() + " (taken "
                    + run.manifest().createdAt() + ") into "
                    + run.deployment().directory() + ": " + restored.files().size() + " files, the database, volumes "
                    + String.join(", ", restored.data().volumes()) + ".\n"
                    + safety.map(copy -> "Safety copy of the deployment it replaced: " + copy.archive() + " ("
                                    + Sizes.human(copy.bytes()) + "); remove it when you no longer need it.\n")
                            .orElse("")
                    + install.installer.summaryText());
        } else if (safety.isPresent()) {
            String dir = ShellWords.quote(run.deployment().directory().toString());
            output.text("\n"
                    + (run.rolledBack()
                            ? "The restore failed and was rolled back: the deployment in "
                                    + run.deployment().directory() + " runs as it did before.\n"
                            : "The restore failed, and so did its roll-back.\n")
                    + "Safety copy of the deployment as it was before the restore: "
                    + safety.get().archive() + "\n"
                    + (run.rolledBack()
                            ? "To try again: reflector-setup restore "
                                    + ShellWords.quote(
                                            archive.toAbsolutePath().normalize().toString()) + " --dir " + dir
                            : "To put it back: reflector-setup restore "
                                    + ShellWords.quote(safety.get().archive().toString()) + " --dir " + dir
                                    + " --yes --no-safety-backup")
                    + "\n");
        }
    }
}
