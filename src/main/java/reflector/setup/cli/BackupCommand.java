package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reflector.setup.backup.Backup;
import reflector.setup.backup.BackupManifest;
import reflector.setup.config.RecordedOptions;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.install.Host;
import reflector.setup.install.RunLock;
import reflector.setup.output.CommandOutput;
import reflector.setup.output.Console;
import reflector.setup.output.JsonDocument;
import reflector.setup.secrets.KnownSecrets;
import reflector.setup.text.ShellWords;
import reflector.setup.text.Sizes;

/** One archive of a running deployment: database, volumes with data, env files and configuration. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Write one archive (tar.gz, mode 0600: it holds the secrets) of the deployment: a dump of the "
                    + "database, the server's files and Garage's objects and metadata (volumes), the env files and the "
                    + "configuration, with a manifest. The writing services are paused while they are copied.",
            "--output takes the archive's path or the result's format; give it twice for both: "
                    + "backup --output /srv/reflector.tar.gz --output json."
        })
public final class BackupCommand extends DayTwoCommand {

    @Mixin
    OutputOptions verbosity = new OutputOptions();

    @Option(
            names = "--output",
            paramLabel = "FILE|FORMAT",
            description =
                    "Where to write the archive (default: DIR/backups/reflector-PROJECT-TIME.tar.gz), or text|json "
                            + "for the result on stdout.")
    List<String> outputs = new ArrayList<>();

    private CommandOutput output;

    public BackupCommand(Host host) {
        super(host);
    }

    @Override
    public String documentName() {
        return "backup";
    }

    @Override
    public CommandOutput output() {
        return output;
    }

    /** Under the run lock from the first look at the deployment to the end: no run changes it while it is copied. */
    @Override
    @SuppressWarnings("try") // the lock is held for the backup, never used in it
    public Integer call() {
        OutputChoice choice = OutputChoice.of(outputs);
        output = new CommandOutput(host.out(), choice.json());
        Console console = console(verbosity);
        Deployment deployment = deployment();
        try (RunLock lock = RunLock.acquire(deployment.directory());
                Docker docker = docker()) {
            deployedContainers(docker, deployment);
            Path file = choice.file()
                    .map(path -> path.toAbsolutePath().normalize())
                    .orElseGet(
                            () -> Backup.defaultOutput(deployment, host.clock().instant()));
            console.step(
                    "",
                    "backup",
                    "deployment in " + deployment.directory() + " (project " + deployment.project() + ") to " + file);
            Backup.Result result;
            try {
                result = new Backup(
                                docker,
                                console,
                                host.clock(),
                                VersionProvider.installerVersion(),
                                KnownSecrets.in(deployment.directory()))
                        .write(deployment, file, installOptions(docker, deployment, console));
            } catch (IOException e) {
                throw InstallerException.environment("the backup failed: " + e.getMessage());
            }
            report(deployment, result);
            return ExitCode.OK.code();
        }
    }

    /** The install options, so that a restore can run the install as it was made; empty (with a warning) when unknown. */
    static Optional<RecordedOptions> installOptions(Docker docker, Deployment deployment, Console console) {
        try {
            return Optional.of(RecordedInstall.arguments(
                            deployment.directory(),
                            docker.deploymentContainers(deployment).stream()
                                    .map(ContainerInfo::service)
                                    .toList())
                    .recorded());
        } catch (InstallerException e) {
            console.warn(
                    e.getMessage() + "; a restore of this backup will need the install options recorded in its .env");
            return Optional.empty();
        }
    }

    private void report(Deployment deployment, Backup.Result result) {
        String restore =
                "reflector-setup restore " + ShellWords.quote(result.archive().toString()) + " --dir "
                        + ShellWords.quote(deployment.directory().toString());
        BackupManifest manifest = result.manifest();
        if (output.json()) {
            ObjectNode root = JsonDocument.start("backup", ExitCode.OK, null);
            DeploymentDocument.describe(root, deployment);
            root.putObject("archive").put("path", result.archive().toString()).put("bytes", result.bytes());
            root.put("durationSeconds", result.duration().toMillis() / 1000.0);
            result.paused().forEach(root.putArray("paused")::add);
            root.put("pausedSeconds", result.pausedFor().toMillis() / 1000.0);
            root.set("manifest", manifest.toJson());
            root.putObject("commands").put("restore", restore);
            output.document(root);
            return;
        }
        List<String> volumes = manifest.entries(BackupManifest.Type.VOLUME).stream()
                .map(BackupManifest.Entry::source)
                .toList();
        output.text("\nBackup written: " + result.archive() + "\n"
                + String.format(
                        "  %-9s %s in %.1f s%n",
                        "Size:", Sizes.human(result.bytes()), result.duration().toMillis() / 1000.0)
                + String.format(
                        "  %-9s %.1f s (%s)%n",
                        "Paused:",
                        result.pausedFor().toMillis() / 1000.0,
                        result.paused().isEmpty() ? "nothing was running" : String.join(", ", result.paused()))
                + String.format(
                        "  %-9s %d files, database %s, volumes %s%n",
                        "Holds:",
                        manifest.entries(BackupManifest.Type.FILE).size(),
                        "reflector",
                        volumes.isEmpty() ? "none" : String.join(", ", volumes))
                + String.format(
                        "  %-9s %s%n", "Secrets:", "the archive holds them all: it is readable by you only (0600)")
                + String.format("  %-9s %s%n", "Restore:", restore));
    }

    /** --output's values: at most one format (text or json) and at most one file. */
    record OutputChoice(boolean json, Optional<Path> file) {
        static OutputChoice of(List<String> values) {
            Boolean json = null;
            Path file = null;
            for (String value : values) {
                if (value.equalsIgnoreCase("json") || value.equalsIgnoreCase("text")) {
                    if (json != null) {
                        throw InstallerException.badInput("--output: the format is given twice");
                    }
                    json = value.equalsIgnoreCase("json");
                } else {
                    if (file != null) {
                        throw InstallerException.badInput("--output: two archives given (" + file + ", " + value + ")");
                    }
                    if (value.isBlank()) {
                        throw InstallerException.badInput("--output: an empty path");
                    }
                    file = Path.of(value);
                }
            }
            return new OutputChoice(Boolean.TRUE.equals(json), Optional.ofNullable(file));
        }
    }
}
