package reflector.setup.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link Docker} on docker-java (Engine API over the zerodep transport, {@link DockerClients})
 * plus the `docker compose` CLI ({@link ComposeCli}). Each job is a class of its own: the
 * container list and health ({@link ContainerListing}), logs ({@link ContainerLogs}), pulls
 * ({@link ImagePulls}), restarts and pauses ({@link ContainerRestarts}), volumes ({@link Volumes}),
 * files copied out of containers ({@link ContainerFiles}),
 * `docker exec` and helper containers ({@link DockerCli}) and the translation of failures
 * ({@link EngineErrors}); this class asks the engine for its facts and hands the rest on.
 *
 * <p>Nothing here reads, logs or puts into a message the environment of a container (it may
 * carry secrets).
 */
public final class DockerAdapter implements Docker {
    /** Upper bound of one exec or helper container (a dump or a volume copy of a large deployment). */
    static final Duration COMMAND_TIMEOUT = Duration.ofHours(6);

    private final String endpoint;
    private final DockerClients clients;
    private final DockerClient client;
    private final EngineErrors errors;
    private final ContainerListing containerList;
    private final ContainerLogs containerLogs;
    private final ImagePulls imagePulls;
    private final ContainerRestarts containerRestarts;
    private final Volumes volumes;
    private final ContainerFiles files;
    /** `docker exec` and helper containers, which stream bytes both ways. */
    private final DockerCli cli;
    /** Extra environment for the docker CLI: DOCKER_HOST when the caller chose the endpoint. */
    private final Map<String, String> cliEnvironment;
    /** This process's environment, which the docker CLI starts from (filtered, see ComposeCli#childEnvironment). */
    private final Map<String, String> inherited;
    /** Asked once: every `docker compose` run needs it, and asking costs a plugin start. */
    private final Supplier<ComposePlugin> composePlugin;

    /** @param discovered how the endpoint was found, for messages; null when the caller named it */
    private DockerAdapter(
            DockerClients clients,
            Map<String, String> inherited,
            Map<String, String> cliEnvironment,
            DockerEndpoint discovered) {
        this.clients = clients;
        this.endpoint = clients.endpoint;
        this.client = clients.query;
        this.errors = new EngineErrors(endpoint, discovered);
        this.containerList = new ContainerListing(client, errors);
        this.containerLogs = new ContainerLogs(clients, errors);
        this.imagePulls = new ImagePulls(client, clients.stream, errors);
        this.containerRestarts = new ContainerRestarts(clients, errors);
        this.volumes = new Volumes(client, errors);
        this.files = new ContainerFiles(client, errors);
        this.cli = new DockerCli(inherited, cliEnvironment);
        this.cliEnvironment = Map.copyOf(cliEnvironment);
        this.inherited = Map.copyOf(inherited);
        this.composePlugin =
                ComposeCli.memoized(() -> ComposeCli.plugin("docker", this.inherited, this.cliEnvironment));
    }

    /**
     * Connects as the docker CLI would: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH,
     * DOCKER_CONTEXT, ~/.docker/config.json and docker-java system properties. Nothing is sent
     * to the engine yet; {@link #engine()} is the first request. {@code env} is this process's
     * environment (the host's).
     */
    public static DockerAdapter connect(Map<String, String> env) {
        DockerEndpoint found = DockerEndpoint.ofThisProcess(env);
        if (found.explicit()) { // rootless Docker: neither docker-java nor the CLI would look there
            return new DockerAdapter(
                    DockerClients.connect(found.host(), env), env, Map.of("DOCKER_HOST", found.host()), found);
        }
        return new DockerAdapter(DockerClients.connect(null, env), env, Map.of(), found);
    }

    /**
     * Connects to an explicit endpoint (e.g. {@code unix:///var/run/docker.sock} or
     * {@code tcp://127.0.0.1:2375}) instead of DOCKER_HOST; the docker CLI run for Compose is
     * given the same DOCKER_HOST, and otherwise {@code env}, this process's environment.
     */
    public static DockerAdapter connect(String dockerHost, Map<String, String> env) {
        Objects.requireNonNull(dockerHost, "dockerHost");
        return new DockerAdapter(DockerClients.connect(dockerHost, env), env, Map.of("DOCKER_HOST", dockerHost), null);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public EngineInfo engine() {
        try {
            client.pingCmd().exec();
        } catch (DockerException e) {
            // Something answered, but not the Docker API (a proxy, another service on the port).
            throw new DockerUnavailableException(
                    "cannot reach the Docker engine at " + endpoint + ": it answered " + EngineErrors.reason(e)
                            + " to GET /_ping; is this a Docker endpoint?",
                    e);
        } catch (RuntimeException e) {
            throw errors.unavailable(e);
        }
        try {
            Info info = client.infoCmd().exec();
            Version version = client.versionCmd().exec();
            Set<String> runtimes = info.getRuntimes() == null
                    ? Set.of()
                    : Set.copyOf(new TreeSet<>(info.getRuntimes().keySet()));
            return new EngineInfo(
                    nullToEmpty(version.getVersion() != null ? version.getVersion() : info.getServerVersion()),
                    nullToEmpty(version.getApiVersion()),
                    nullToEmpty(info.getDockerRootDir()),
                    info.getMemTotal() == null ? 0L : info.getMemTotal(),
                    runtimes,
                    cdiSpecDirs(info));
        } catch (RuntimeException e) {
            throw errors.failure("reading the engine's info", e);
        }
    }

    /**
     * The CDI spec directories as the engine reports them in the CDISpecDirs field of GET /info.
     * docker-java 3.7.1's {@link Info} has no such property, but its deserializer keeps every
     * unmodelled field of the answer in {@code getRawValues()}: read it from there. An engine that
     * sends no such field (before Engine 25 / API 1.44) has no CDI support, so the answer is
     * empty; an empty list from the engine means CDI is off (on Engine 26/27 it is a daemon
     * feature flag). Only the directory names come from here; nothing in this class looks into
     * them.
     */
    static List<String> cdiSpecDirs(Info info) {
        Object raw = info.getRawValues().get("CDISpecDirs");
        if (!(raw instanceof List<?> list)) {
            return List.of();
        }
        List<String> dirs = new ArrayList<>();
        for (Object o : list) {
            if (o != null) {
                dirs.add(o.toString());
            }
        }
        return List.copyOf(dirs);
    }

    @Override
    public Optional<String> composeVersion() {
        return composePlugin.get().version();
    }

    @Override
    public List<ContainerInfo> containers() {
        return containerList.containers();
    }

    @Override
    public String logs(String containerId, int tailLines) {
        return containerLogs.logs(containerId, tailLines);
    }

    @Override
    public boolean imageExists(String image) {
        return imagePulls.imageExists(image);
    }

    @Override
    public Optional<String> imageId(String image) {
        return imagePulls.imageId(image);
    }

    @Override
    public void pull(String image, PullProgressListener listener, Duration timeout) {
        imagePulls.pull(image, listener, timeout);
    }

    @Override
    public void restartContainer(String containerId, Duration timeout) {
        containerRestarts.restart(containerId, timeout);
    }

    @Override
    public void removeContainer(String containerId, Duration timeout) {
        containerRestarts.remove(containerId, timeout);
    }

    @Override
    public void logs(String containerId, LogRequest request, Consumer<String> lines) {
        containerLogs.logs(containerId, request, lines);
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, InputStream stdin, OutputStream stdout) {
        return cli.run(DockerCli.execArgs(containerId, command, stdin != null), stdin, stdout, COMMAND_TIMEOUT);
    }

    @Override
    public ExecResult runWithVolume(
            String image,
            String volume,
            boolean readOnly,
            List<String> command,
            InputStream stdin,
            OutputStream stdout) {
        return cli.run(
                DockerCli.helperArgs(image, volume, readOnly, command, stdin != null), stdin, stdout, COMMAND_TIMEOUT);
    }

    @Override
    public boolean copyFromContainer(String containerId, String path, OutputStream tar) {
        return files.copy(containerId, path, tar);
    }

    @Override
    public ExecResult runWithTwoVolumes(String image, String from, String to, List<String> command) {
        return cli.run(
                DockerCli.helperArgs(image, List.of(from + ":/from:ro", to + ":/to"), command, false),
                null,
                null,
                COMMAND_TIMEOUT);
    }

    @Override
    public List<String> volumes(String project) {
        return volumes.of(project);
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        volumes.create(name, labels);
    }

    @Override
    public void removeVolume(String name) {
        volumes.remove(name);
    }

    @Override
    public void pause(String containerId) {
        containerRestarts.pause(containerId);
    }

    @Override
    public void unpause(String containerId) {
        containerRestarts.unpause(containerId);
    }

    @Override
    public ComposeProject compose(Deployment deployment, List<String> profiles, Consumer<String> output) {
        return new ComposeCli(
                deployment.project(),
                deployment.directory(),
                profiles,
                output,
                cliEnvironment,
                ComposeCli.DEFAULT_TIMEOUT,
                inherited,
                composePlugin);
    }

    @Override
    public void close() {
        clients.close();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
