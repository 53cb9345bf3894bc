package reflector.setup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import reflector.setup.core.InstallerException;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.ProjectName;
import reflector.setup.docker.Deployment;
import reflector.setup.envfile.EnvFile;

/** --dir for the day-two commands, and the deployment it names. */
public final class DeploymentDirOption {
    @Option(names = "--dir", paramLabel = "DIR", description = "The deployment directory (default: the current directory).")
    Path dir;

    Path resolve() {
        return (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
    }

    /** The deployment in the directory, with its project named as the installer and Compose name it. */
    Deployment deployment(Map<String, String> environment) {
        Path directory = resolve();
        try {
            ProjectName project = ProjectName.resolve(directory, Optional.empty(),
                    Optional.ofNullable(environment.get(ProjectName.VARIABLE)).filter(name -> !name.isEmpty()),
                    read(directory.resolve(DeploymentFiles.ROOT_ENV)).flatMap(env -> env.get(ProjectName.VARIABLE))
                            .filter(name -> !name.isEmpty()),
                    readText(directory.resolve(DeploymentFiles.COMPOSE_FILE)).flatMap(ProjectName::declaredIn));
            return new Deployment(project.name(), directory);
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput(e.getMessage());
        }
    }

    /** Says that the directory has no deployment: exit 3, whatever else runs on the engine. */
    static InstallerException nothingDeployed(Deployment deployment) {
        return InstallerException.environment("nothing is deployed in " + deployment.directory() + " (Compose project "
                + deployment.project() + "); run reflector-setup there to install");
    }

    private static Optional<EnvFile> read(Path file) {
        return readText(file).map(EnvFile::parse);
    }

    private static Optional<String> readText(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw InstallerException.environment("cannot read " + file + ": " + e.getMessage());
        }
    }
}
