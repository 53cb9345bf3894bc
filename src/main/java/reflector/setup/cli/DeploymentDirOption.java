package reflector.setup.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --dir for the day-two commands. */
public final class DeploymentDirOption {
    @Option(names = "--dir", paramLabel = "DIR", description = "The deployment directory (default: the current directory).")
    Path dir;

    Path resolve() {
        return (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
    }
}
