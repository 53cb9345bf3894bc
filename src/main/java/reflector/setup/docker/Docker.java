package reflector.setup.docker;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

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

    /** The ID ("sha256:...") of the image the reference names here, or empty when there is none. */
    Optional<String> imageId(String image);

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
     * Stops one container (its stop signal, then a kill after {@code timeout}, as `docker stop
     * --time` does) and removes it, as `docker rm` does: its named volumes are kept. For the
     * containers of a service the deployment no longer runs, which Compose leaves alone: a service
     * whose profile is not active is not an orphan to `up --remove-orphans`. A container already
     * gone is no error.
     */
    void removeContainer(String containerId, Duration timeout);

    /**
     * Reads a container's log: the lines go to {@code lines} one by one (stdout and stderr as they
     * interleave, without their line ends). Returns when the requested lines are read, or, when
     * following, once the container stops or the thread is interrupted.
     */
    void logs(String containerId, LogRequest request, Consumer<String> lines);

    /**
     * Runs a command in a running container, as `docker exec -i` does: {@code stdin} (null for
     * none) is its input, its stdout goes to {@code stdout}. Secrets never go on the command line.
     */
    ExecResult exec(String containerId, List<String> command, InputStream stdin, OutputStream stdout);

    /**
     * Runs a throwaway helper container of {@code image} with {@code volume} mounted at /volume
     * (read-only when asked), as root and without network; the command's first word is its
     * entrypoint. Streams as {@link #exec} does; the container is removed afterwards.
     */
    ExecResult runWithVolume(
            String image,
            String volume,
            boolean readOnly,
            List<String> command,
            InputStream stdin,
            OutputStream stdout);

    /**
     * Copies a path out of a container, running or not, as `docker cp CONTAINER:PATH -` does: the
     * Engine's archive of it (a tar stream) goes to {@code tar}. Returns false when the container
     * or the path does not exist.
     */
    boolean copyFromContainer(String containerId, String path, OutputStream tar);

    /**
     * Runs a throwaway helper container as {@link #runWithVolume} does (root, no network, removed
     * afterwards), with two volumes: {@code from} read-only at /from and {@code to} at /to, for a
     * copy from one into the other. No input; only the end of stderr is kept.
     */
    ExecResult runWithTwoVolumes(String image, String from, String to, List<String> command);

    /** The names of the volumes of a Compose project (by its label), sorted. */
    List<String> volumes(String project);

    void createVolume(String name, Map<String, String> labels);

    void removeVolume(String name);

    /** Freezes a container's processes (docker pause); {@link #unpause} lets them go on. */
    void pause(String containerId);

    void unpause(String containerId);

    /**
     * The deployment's Compose project with these profiles; the output of its commands goes to
     * {@code output} line by line as it comes.
     */
    ComposeProject compose(Deployment deployment, List<String> profiles, Consumer<String> output);

    @Override
    void close();
}
