package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import reflector.setup.core.ExitCode;
import reflector.setup.install.Host;
import reflector.setup.core.InstallerException;
import reflector.setup.backup.BackupManifest;
import reflector.setup.backup.Database;
import reflector.setup.backup.Restore;
import reflector.setup.config.ProjectName;
import reflector.setup.config.Settings;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.install.Installer;
import reflector.setup.secrets.KnownSecrets;
import reflector.setup.install.RunLock;
import reflector.setup.output.CommandOutput;
import reflector.setup.output.Console;
import reflector.setup.output.JsonDocument;

/**
 * A backup brought back, into its own directory or a new one (on this server or another): files,
 * database and volumes, then the install as the deployment was made, which ends healthy.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup into the deployment directory (its own, or a new one on this server or "
                + "another): the env files and configuration, the database and the volumes, then the install as the "
                + "deployment was made starts every service and waits until it is healthy.",
                "Replacing a deployment that is there (its containers or its project's volumes) needs --yes, or on "
                        + "a terminal the project's name typed."})
public final class RestoreCommand implements Callable<Integer>, ProducesDocument {
    private final Host host;

    @Parameters(index = "0", paramLabel = "FILE", description = "The archive `reflector-setup backup` wrote.")
    Path archive;

    @ParentCommand
    InstallCommand parent;

    @Mixin
    FormatOption format = new FormatOption();

    @Mixin
    OutputOptions verbosity = new OutputOptions();

    @Option(names = "--project-name", paramLabel = "NAME",
            description = "The Compose project of the restored deployment (default: the backed-up one's).")
    String projectName;

    @Option(names = "--yes", description = "Replace the deployment in the directory without being asked.")
    boolean yes;

    private Installer installer;

    public RestoreCommand(Host host) {
        this.host = host;
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
    @SuppressWarnings("try") // the lock is held while files and data are replaced
    public Integer call() throws Exception {
        CommandOutput output = format.output(host);
        Console console = verbosity.console(host, parent.log());
        Path directory = parent.deploymentDir();
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw InstallerException.badInput("--dir: " + directory + " is not a directory");
        }
        try (Restore restore = Restore.open(archive.toAbsolutePath())) {
            BackupManifest manifest = restore.manifest();
            String project = project(manifest);
            Restore.Data data;
            List<String> files;
            Settings settings;
            Deployment deployment = new Deployment(project, directory);
            try (Docker docker = host.docker().get(); RunLock lock = RunLock.acquire(directory)) {
                List<ContainerInfo> own = guard(docker, deployment, manifest);
                // Made only once the restore may go on, so that a refusal leaves nothing behind.
                Files.createDirectories(directory);
                deployment = new Deployment(project, directory);
                if (!own.isEmpty()) {
                    console.info("stopping the deployment that is there (its volumes are replaced next)");
                    docker.compose(deployment, ProfilesOf.services(own.stream().map(ContainerInfo::service).toList()),
                            console::detail).down();
                }
                console.step("", "restore", archive + " (taken " + manifest.createdAt() + " of " + manifest.directory()
                        + ") into " + deployment.directory() + ", project " + project);
                files = restore.writeFiles(deployment.directory(), Optional.ofNullable(projectName));
                console.info("files: " + String.join(", ", files));
                Path target = deployment.directory();
                settings = RecordedInstall.settings(RecordedInstall.options(arguments(deployment, manifest),
                        options -> options.dir = target), host, console);
                data = restore.restoreData(docker, deployment, docker.compose(deployment, settings.profiles(), console::detail),
                        console, host.clock(), KnownSecrets.in(deployment.directory()), Database.Sleeper.REAL);
            } catch (IOException e) {
                throw InstallerException.environment("the restore failed: " + e.getMessage());
            } catch (DockerOperationException e) {
                throw new InstallerException(ExitCode.SERVICE_FAILED, "the restore failed: "
                        + KnownSecrets.in(deployment.directory()).maskAll(e.getMessage()), e);
            }
            console.step("", "install", "start every service as the deployment was made, and wait until it is healthy");
            installer = new Installer(host, console, null);
            ExitCode exitCode;
            try {
                exitCode = installer.run(settings);
            } catch (InstallerException e) {
                report(output, deployment, manifest, files, data, e.exitCode(), e.getMessage());
                throw e;
            } finally {
                settings.auth().wipe();
            }
            report(output, deployment, manifest, files, data, exitCode, null);
            return exitCode.code();
        }
    }

    /** The install options the restored .env records, else those the backup's manifest kept. */
    private static RecordedInstall.Arguments arguments(Deployment deployment, BackupManifest manifest) {
        try {
            return RecordedInstall.arguments(deployment.directory(), List.of());
        } catch (InstallerException notRecorded) {
            return manifest.installArguments()
                    .map(line -> new RecordedInstall.Arguments(reflector.setup.config.InstallArguments.parse(line),
                            "the backup's manifest"))
                    .orElseThrow(() -> notRecorded);
        }
    }

    private String project(BackupManifest manifest) {
        try {
            return ProjectName.validate(projectName != null ? projectName : manifest.project());
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput("--project-name: " + e.getMessage());
        }
    }

    /**
     * Another directory's deployment with the same project stops the restore (exit 3); this
     * directory's deployment, or volumes of the project, are replaced only when confirmed.
     * Returns this deployment's containers.
     */
    private List<ContainerInfo> guard(Docker docker, Deployment deployment, BackupManifest manifest) {
        List<ContainerInfo> all = docker.containers();
        all.stream().filter(deployment::sharesNameWith).findFirst().ifPresent(other -> {
            throw InstallerException.environment("Compose project " + deployment.project() + " belongs to the deployment in "
                    + other.workingDir() + "; restore under another name with --project-name");
        });
        List<ContainerInfo> own = all.stream().filter(deployment::owns).toList();
        List<String> volumes = docker.volumes(deployment.project());
        if (!own.isEmpty() || !volumes.isEmpty()) {
            List<String> there = new ArrayList<>();
            if (!own.isEmpty()) {
                there.add(own.size() + " containers");
            }
            if (!volumes.isEmpty()) {
                there.add("the volumes " + String.join(", ", volumes));
            }
            Confirmation.require(host, yes, "restore replaces the deployment of project " + deployment.project() + " ("
                    + String.join(" and ", there) + ") with the backup of " + manifest.createdAt(), deployment.project());
        }
        return own;
    }

    private void report(CommandOutput output, Deployment deployment, BackupManifest manifest, List<String> files,
            Restore.Data data, ExitCode exitCode, String error) {
        if (output.json()) {
            ObjectNode root = JsonDocument.start("restore", exitCode, error);
            DeploymentDocument.describe(root, deployment);
            root.put("archive", archive.toAbsolutePath().toString());
            ObjectNode backup = root.putObject("backup");
            backup.put("createdAt", manifest.createdAt().toString());
            backup.put("directory", manifest.directory());
            backup.put("project", manifest.project());
            ObjectNode restored = root.putObject("restored");
            files.forEach(restored.putArray("files")::add);
            restored.put("database", data.database());
            data.volumes().forEach(restored.putArray("volumes")::add);
            root.set("install", installer.summary(exitCode, error));
            output.document(root);
            return;
        }
        if (exitCode == ExitCode.OK) {
            output.text("\nRestored " + archive + " (taken " + manifest.createdAt() + ") into " + deployment.directory()
                    + ": " + files.size() + " files, the database, volumes " + String.join(", ", data.volumes()) + ".\n"
                    + installer.summaryText());
        }
    }
}
