package reflector.setup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.ProjectName;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.Deployment;
import reflector.setup.envfile.EnvFile;

/** The deployment in a directory, with its Compose project named as the installer and Compose name it. */
final class DeploymentLocator {
    private DeploymentLocator() {}

    static Deployment locate(Path directory, Map<String, String> environment) {
        EnvFile rootEnv = readText(directory.resolve(DeploymentFiles.ROOT_ENV))
                .map(EnvFile::parse)
                .orElseGet(() -> EnvFile.parse(""));
        return new Deployment(
                projectName(directory, Optional.empty(), environment, rootEnv).name(), directory);
    }

    /**
     * The directory's project as Compose names it (see {@link ProjectName#resolve}), from the
     * environment, the root .env, the compose file's name and the directory; {@code requested} is
     * --project-name on an install.
     */
    static ProjectName projectName(
            Path directory, Optional<String> requested, Map<String, String> environment, EnvFile rootEnv) {
        try {
            return ProjectName.resolve(
                    directory,
                    requested,
                    Optional.ofNullable(environment.get(ProjectName.VARIABLE)).filter(name -> !name.isEmpty()),
                    rootEnv.get(ProjectName.VARIABLE).filter(name -> !name.isEmpty()),
                    readText(directory.resolve(DeploymentFiles.composeFile(directory)))
                            .flatMap(ProjectName::declaredIn));
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput(e.getMessage());
        }
    }

    /** Says that the directory has no deployment: exit 3, whatever else runs on the engine. */
    static InstallerException nothingDeployed(Deployment deployment) {
        return InstallerException.environment("nothing is deployed in " + deployment.directory() + " (Compose project "
                + deployment.project() + "); run reflector-setup there to install");
    }

    private static Optional<String> readText(Path file) {
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            throw InstallerException.environment("cannot read " + file + ": " + e.getMessage());
        }
    }
}
