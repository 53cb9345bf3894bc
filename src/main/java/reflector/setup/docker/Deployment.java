package reflector.setup.docker;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One deployment as Docker sees it: its Compose project and the directory Compose ran in (the
 * {@code com.docker.compose.project.working_dir} label). Two directories can carry the same
 * project name; only both together say a container is this deployment's.
 */
public record Deployment(String project, Path directory) {

    public Deployment {
        directory = realPath(directory);
    }

    /** This deployment's container: same project, made from the same directory. */
    public boolean owns(ContainerInfo container) {
        return project.equals(container.project()) && sameDirectory(container);
    }

    /** Same project name but made from another directory: a different deployment that shares the name. */
    public boolean sharesNameWith(ContainerInfo container) {
        return project.equals(container.project()) && !sameDirectory(container);
    }

    private boolean sameDirectory(ContainerInfo container) {
        // A container without the label (made by an old Compose) cannot be told apart: the name decides.
        return container.workingDir().isEmpty()
                || realPath(Path.of(container.workingDir())).equals(directory);
    }

    private static Path realPath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException | SecurityException e) {
            return absolute;
        }
    }
}
