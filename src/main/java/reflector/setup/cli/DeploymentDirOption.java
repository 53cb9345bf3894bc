package reflector.setup.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --dir for the day-two commands. */
public final class DeploymentDirOption {
    @Option(names = "--dir", paramLabel = "DIR", description = "The deployment directory (default: the current directory).")
    Path dir;

    Path resolve() {
        if (dir != null && dir.toString().isEmpty()) {
            throw reflector.setup.InstallerException.badInput("--dir: must not be empty (leave it out for the current directory)");
        }
        Path resolved = reflector.setup.files.RealPaths.of(dir == null ? Path.of("") : dir);
        try {
            reflector.setup.validation.Validators.noControlCharacters(resolved.toString());
        } catch (IllegalArgumentException e) {
            throw reflector.setup.InstallerException.badInput("--dir: " + e.getMessage());
        }
        return resolved;
    }
}
