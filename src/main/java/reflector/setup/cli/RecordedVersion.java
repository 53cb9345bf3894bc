package reflector.setup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.envfile.EnvFile;

/** The Reflector version a deployment recorded at install, for diagnostics. */
final class RecordedVersion {
    private RecordedVersion() {}

    /** The version recorded in the root .env; empty when there is none (or it cannot be read). */
    static Optional<ReflectorVersion> of(Path directory) {
        Path rootEnv = directory.resolve(DeploymentFiles.ROOT_ENV);
        try {
            return Files.isRegularFile(rootEnv)
                    ? VersionResolver.recorded(EnvFile.parse(Files.readString(rootEnv, StandardCharsets.UTF_8)))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String describe(Path directory) {
        Path rootEnv = directory.resolve(DeploymentFiles.ROOT_ENV);
        try {
            if (!Files.isRegularFile(rootEnv)) {
                return "(no version recorded: no .env)";
            }
            return VersionResolver.recorded(EnvFile.parse(Files.readString(rootEnv, StandardCharsets.UTF_8)))
                    .map(version -> version.label() + " (image tag " + version.imageTag() + ")")
                    .orElse("(no version recorded in .env)");
        } catch (IOException e) {
            return "(cannot read .env: " + e.getMessage() + ")";
        }
    }
}
