package reflector.setup.docker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the installer asks of Docker, in one place: the Engine API (through docker-java) for
 * queries and single-container actions, and the `docker compose` CLI for orchestration. Steps
 * see only this interface, so they can be tested with a fake.
 */
public interface Docker extends AutoCloseable {

    /** The endpoint tried, for messages (e.g. unix:///var/run/docker.sock). */
    String endpoint();

    /** Facts about the engine; throws {@link DockerUnavailableException} when it does not answer. */
    EngineInfo engine();

    /** The Compose V2 plugin's version, or empty when `docker compose` is missing. */
    Optional<String> composeVersion();

    /** Every container, of every project (for port owners and the deployment's own state). */
    List<ContainerInfo> containers();

    /** The containers of one deployment (its project, made from its directory), running or not. */
    default List<ContainerInfo> deploymentContainers(Deployment deployment) {
        return containers().stream().filter(deployment::owns).toList();
    }

    /** The last lines of a container's log, stdout and stderr interleaved. */
    String logs(String containerId, int tailLines);

    boolean imageExists(String image);

    /** Pulls an image, reporting per-layer progress; throws {@link DockerOperationException} on failure. */
    void pull(String image, PullProgressListener listener, Duration timeout);

    /**
     * Restarts one container (POST /containers/{id}/restart), as `docker restart --time` does: the
     * engine sends the container's stop signal, waits up to {@code timeout} (whole seconds, rounded
     * up) before killing it, then starts it again. Returns once the engine has started it; throws
     * {@link DockerOperationException} when the engine refuses (e.g. no such container) and
     * {@link DockerUnavailableException} when it does not answer.
     */
    void restartContainer(String containerId, Duration timeout);

    /**
     * The deployment's Compose project with these profiles; the output of its commands goes to
     * {@code output} line by line as it comes.
     */
    ComposeProject compose(Deployment deployment, List<String> profiles, java.util.function.Consumer<String> output);

    @Override
    void close();
}
