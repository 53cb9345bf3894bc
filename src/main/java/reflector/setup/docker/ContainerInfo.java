package reflector.setup.docker;

import java.util.List;
import java.util.Optional;

/**
 * One container as the Engine reports it.
 *
 * @param project  the Compose project label, empty for containers not made by Compose
 * @param workingDir the directory Compose ran in (its working_dir label), empty when not known
 * @param service  the Compose service label
 * @param image    the image as the container was created from it (a reference, or an ID)
 * @param imageId  the ID ("sha256:...") of the image it runs
 * @param state    created, running, restarting, exited, ...
 * @param health   healthy, unhealthy or starting; empty when the image has no healthcheck
 */
public record ContainerInfo(
        String id,
        String name,
        String project,
        String workingDir,
        String service,
        String image,
        String imageId,
        String state,
        Optional<String> health,
        String status,
        List<PublishedPort> ports) {

    public boolean running() {
        return "running".equals(state);
    }

    /** Not serving: exited, dead, never started, or crashing in a restart loop. */
    public boolean stopped() {
        return "exited".equals(state) || "dead".equals(state) || "created".equals(state) || "restarting".equals(state);
    }
}
