package reflector.setup.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import reflector.setup.config.DeploymentFiles;

/**
 * {@link Docker} on docker-java (Engine API over the zerodep transport) plus the `docker compose`
 * CLI ({@link ComposeCli}).
 *
 * <p>The API version is left unset, so requests go to unversioned paths and the daemon answers
 * with its own current API; docker-java does no version negotiation.
 *
 * <p>Two clients share the configuration: one for short requests (ping, info, lists, inspects,
 * logs, restarts with a short stop timeout), whose response timeout bounds a wedged daemon, and
 * one for pulls (and restarts with a long stop timeout), which may be silent for a long time;
 * their callers bound those with their own timeouts.
 *
 * <p>Nothing here reads, logs or puts into a message the environment of a container (it may
 * carry secrets).
 */
public final class DockerAdapter implements Docker {

    /** How long to wait for the socket/TCP connection to the engine. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Response (socket inactivity) timeout of the client for short requests. */
    public static final Duration QUERY_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    /** Response (socket inactivity) timeout of the client for pulls and long restarts. */
    public static final Duration STREAM_RESPONSE_TIMEOUT = Duration.ofMinutes(30);
    /** How long logs() waits for the engine to send the requested tail. */
    static final Duration LOGS_TIMEOUT = Duration.ofSeconds(30);
    /**
     * What a restart may take beyond its stop timeout (starting the container again); a restart
     * whose stop timeout plus this exceeds {@link #QUERY_RESPONSE_TIMEOUT} uses the stream client.
     */
    static final Duration RESTART_START_ALLOWANCE = Duration.ofSeconds(30);

    static final String PROJECT_LABEL = "com.docker.compose.project";
    static final String SERVICE_LABEL = "com.docker.compose.service";
    static final String WORKING_DIR_LABEL = "com.docker.compose.project.working_dir";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Upper bound of one exec or helper container (a dump or a volume copy of a large deployment). */
    static final Duration COMMAND_TIMEOUT = Duration.ofHours(6);
    /** Socket inactivity timeout of a followed log: long, yet within what a socket timeout can hold. */
    static final Duration FOLLOW_RESPONSE_TIMEOUT = Duration.ofDays(20);

    private final String endpoint;
    private final DockerClientConfig config;
    private final DockerClient client;
    private final DockerClient streamClient;
    private DockerClient followClient;
    private final DockerCli cli;
    /** Extra environment for the docker CLI: DOCKER_HOST when the caller chose the endpoint. */
    private final Map<String, String> cliEnvironment;

    /** How the endpoint was found, for messages; null when the caller named it. */
    private final DockerEndpoint discovered;

    private DockerAdapter(DockerClientConfig config, Map<String, String> cliEnvironment, DockerEndpoint discovered) {
        this.endpoint = config.getDockerHost().toString();
        this.config = config;
        this.discovered = discovered;
        this.cliEnvironment = Map.copyOf(cliEnvironment);
        this.cli = new DockerCli(cliEnvironment);
        DockerClient quick = null;
        try {
            quick = DockerClientImpl.getInstance(config, httpClient(config, QUERY_RESPONSE_TIMEOUT));
            this.client = quick;
            this.streamClient = DockerClientImpl.getInstance(config, httpClient(config, STREAM_RESPONSE_TIMEOUT));
        } catch (RuntimeException e) {
            closeQuietly(quick);
            throw new DockerUnavailableException(
                    "cannot use the Docker endpoint " + endpoint + ": " + reason(e), e);
        }
    }

    /**
     * Connects as the docker CLI would: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH,
     * DOCKER_CONTEXT, ~/.docker/config.json and docker-java system properties. Nothing is sent
     * to the engine yet; {@link #engine()} is the first request.
     */
    public static DockerAdapter connect() {
        DockerEndpoint found = DockerEndpoint.ofThisProcess();
        if (found.explicit()) { // rootless Docker: neither docker-java nor the CLI would look there
            return new DockerAdapter(buildConfig(found.host()), Map.of("DOCKER_HOST", found.host()), found);
        }
        return new DockerAdapter(buildConfig(null), Map.of(), found);
    }

    /**
     * Connects to an explicit endpoint (e.g. {@code unix:///var/run/docker.sock} or
     * {@code tcp://127.0.0.1:2375}) instead of DOCKER_HOST; the docker CLI run for Compose is
     * given the same DOCKER_HOST.
     */
    public static DockerAdapter connect(String dockerHost) {
        Objects.requireNonNull(dockerHost, "dockerHost");
        return new DockerAdapter(buildConfig(dockerHost), Map.of("DOCKER_HOST", dockerHost), null);
    }

    private static DockerClientConfig buildConfig(String dockerHost) {
        String envHost = System.getenv("DOCKER_HOST");
        String checked = dockerHost != null ? dockerHost : envHost == null || envHost.isBlank() ? null : envHost;
        String shown = checked == null ? null
                : (dockerHost != null ? "" : "DOCKER_HOST=") + reflector.setup.text.SafeText.oneLine(checked);
        if (checked != null && !checked.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.+")) {
            throw new DockerUnavailableException("not a Docker endpoint: " + shown
                    + " (expected e.g. unix:///var/run/docker.sock or tcp://host:2376)", null);
        }
        // docker-java would load Windows' kernel32 through JNA on the first request and die with
        // an UnsatisfiedLinkError; a named pipe exists only on Windows.
        if (checked != null && checked.regionMatches(true, 0, "npipe:", 0, 6) && !isWindows()) {
            throw new DockerUnavailableException(shown + " is a Windows named pipe, which this system does not "
                    + "have; on Linux use unix:///var/run/docker.sock or tcp://HOST:2376", null);
        }
        DockerClientConfig config;
        try {
            DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
            if (dockerHost != null) {
                builder.withDockerHost(dockerHost);
            }
            // api.version deliberately not set: unversioned paths, the daemon's current API.
            config = builder.build();
        } catch (RuntimeException e) {
            String where = shown != null ? shown : "the configured Docker endpoint";
            throw new DockerUnavailableException("cannot use " + where + ": " + reason(e), e);
        }
        // The same for a named pipe that came from a Docker context or the config file.
        if ("npipe".equalsIgnoreCase(config.getDockerHost().getScheme()) && !isWindows()) {
            throw new DockerUnavailableException("the Docker endpoint " + config.getDockerHost() + " is a Windows named "
                    + "pipe, which this system does not have; on Linux use unix:///var/run/docker.sock", null);
        }
        return config;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static DockerHttpClient httpClient(DockerClientConfig config, Duration responseTimeout) {
        return new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(50)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(responseTimeout)
                .build();
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
            throw new DockerUnavailableException("cannot reach the Docker engine at " + endpoint
                    + ": it answered " + reason(e) + " to GET /_ping; is this a Docker endpoint?", e);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        try {
            Info info = client.infoCmd().exec();
            Version version = client.versionCmd().exec();
            Set<String> runtimes = info.getRuntimes() == null ? Set.of()
                    : Set.copyOf(new TreeSet<>(info.getRuntimes().keySet()));
            return new EngineInfo(
                    nullToEmpty(version.getVersion() != null ? version.getVersion() : info.getServerVersion()),
                    nullToEmpty(version.getApiVersion()),
                    nullToEmpty(info.getDockerRootDir()),
                    info.getMemTotal() == null ? 0L : info.getMemTotal(),
                    runtimes,
                    cdiSpecDirs(info));
        } catch (RuntimeException e) {
            throw failure("reading the engine's info", e);
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
        return ComposeCli.version(cliEnvironment);
    }

    @Override
    public List<ContainerInfo> containers() {
        List<Container> listed;
        try {
            listed = client.listContainersCmd().withShowAll(true).exec();
        } catch (RuntimeException e) {
            throw failure("listing containers", e);
        }
        List<ContainerInfo> result = new ArrayList<>(listed.size());
        for (Container c : listed) {
            result.add(toInfo(c));
        }
        return List.copyOf(result);
    }

    private ContainerInfo toInfo(Container c) {
        Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
        String state = nullToEmpty(c.getState()).toLowerCase(Locale.ROOT);
        String status = nullToEmpty(c.getStatus());
        Optional<String> health = healthFromSummary(c.getRawValues().get("Health"));
        if (health.isEmpty()) {
            health = healthFromStatus(status);
        }
        if (health.isEmpty() && needsInspectForHealth(state, status)) {
            health = inspectHealth(c.getId());
        }
        return new ContainerInfo(c.getId(), name(c.getNames()), nullToEmpty(labels.get(PROJECT_LABEL)),
                nullToEmpty(labels.get(WORKING_DIR_LABEL)), nullToEmpty(labels.get(SERVICE_LABEL)), nullToEmpty(c.getImage()), state, health, status,
                ports(c.getPorts()));
    }

    static String name(String[] names) {
        if (names == null || names.length == 0 || names[0] == null) {
            return "";
        }
        String n = names[0];
        return n.startsWith("/") ? n.substring(1) : n;
    }

    /** Newer engines (API 1.52+) put {"Status": "healthy", ...} in the list entry itself. */
    static Optional<String> healthFromSummary(Object raw) {
        if (raw instanceof Map<?, ?> map && map.get("Status") instanceof String s) {
            return normalizeHealth(s);
        }
        return Optional.empty();
    }

    /**
     * The engine's Status text for a running container ends with the health when there is a
     * healthcheck: "Up 5 minutes (healthy)", "Up 2 seconds (health: starting)",
     * "Up 1 minute (unhealthy)". No suffix on a running container means no healthcheck.
     */
    static Optional<String> healthFromStatus(String status) {
        if (status == null) {
            return Optional.empty();
        }
        String s = status.trim();
        if (s.endsWith("(health: starting)")) {
            return Optional.of("starting");
        }
        if (s.endsWith("(unhealthy)")) {
            return Optional.of("unhealthy");
        }
        if (s.endsWith("(healthy)")) {
            return Optional.of("healthy");
        }
        return Optional.empty();
    }

    /**
     * A paused container's Status is "Up 3 minutes (Paused)", which hides the health: only then
     * is an inspect worth its request. Stopped containers report no health (a healthcheck only
     * runs while the container does).
     */
    static boolean needsInspectForHealth(String state, String status) {
        return "paused".equals(state) || (status != null && status.endsWith("(Paused)"));
    }

    private Optional<String> inspectHealth(String id) {
        try {
            InspectContainerResponse inspect = client.inspectContainerCmd(id).exec();
            HealthState h = inspect.getState() == null ? null : inspect.getState().getHealth();
            return h == null ? Optional.empty() : normalizeHealth(h.getStatus());
        } catch (NotFoundException e) {
            return Optional.empty(); // removed since the list
        } catch (RuntimeException e) {
            throw failure("inspecting container " + shortId(id), e);
        }
    }

    private static Optional<String> normalizeHealth(String s) {
        if (s == null || s.isBlank() || "none".equalsIgnoreCase(s)) {
            return Optional.empty();
        }
        return Optional.of(s.toLowerCase(Locale.ROOT));
    }

    static List<PublishedPort> ports(ContainerPort[] ports) {
        if (ports == null) {
            return List.of();
        }
        Set<PublishedPort> result = new LinkedHashSet<>();
        for (ContainerPort p : ports) {
            if (p.getPublicPort() == null || p.getPublicPort() <= 0) {
                continue; // exposed, not published
            }
            result.add(new PublishedPort(nullToEmpty(p.getIp()), p.getPublicPort(),
                    p.getPrivatePort() == null ? 0 : p.getPrivatePort(), p.getType() == null ? "tcp" : p.getType()));
        }
        return List.copyOf(result);
    }

    @Override
    public String logs(String containerId, int tailLines) {
        Collector collector = new Collector(Integer.MAX_VALUE);
        try {
            client.logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTimestamps(false)
                    .withFollowStream(false)
                    .withTail(Math.max(0, tailLines))
                    .exec(collector);
            if (!collector.awaitCompletion(LOGS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                closeQuietly(collector);
                throw new DockerOperationException("reading the log of container " + shortId(containerId)
                        + " took longer than " + seconds(LOGS_TIMEOUT));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(collector);
            throw new DockerOperationException("interrupted while reading the log of " + shortId(containerId), e);
        } catch (DockerOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure("reading the log of container " + shortId(containerId), e);
        }
        return collector.text();
    }

    @Override
    public boolean imageExists(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw failure("looking up image " + image, e);
        }
    }

    @Override
    public void pull(String image, PullProgressListener listener, Duration timeout) {
        Objects.requireNonNull(listener, "listener");
        String[] ref = splitReference(image);
        PullCallback callback = new PullCallback(listener);
        try {
            streamClient.pullImageCmd(ref[0]).withTag(ref[1]).exec(callback);
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                closeQuietly(callback); // closing the stream makes the engine cancel the pull
                throw new DockerOperationException("pulling " + image + " did not finish within " + seconds(timeout));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(callback);
            throw new DockerOperationException("interrupted while pulling " + image, e);
        } catch (DockerOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure("pulling " + image, e);
        }
        callback.error().ifPresent(message -> {
            throw new DockerOperationException("pulling " + image + " failed: " + message);
        });
        if (!imageExists(image)) {
            throw new DockerOperationException("pulling " + image
                    + " ended without an error, but the engine does not have the image");
        }
    }

    /**
     * Splits an image reference into the fromImage and tag parameters of POST /images/create as
     * the docker CLI does. A reference without tag or digest means ":latest" (an empty tag would
     * make the engine pull every tag of the repository).
     */
    static String[] splitReference(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            String name = image.substring(0, at);
            int slash = name.lastIndexOf('/');
            int colon = name.lastIndexOf(':');
            if (colon > slash) {
                name = name.substring(0, colon); // name:tag@digest: the digest wins
            }
            return new String[] {name, image.substring(at + 1)};
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash) {
            return new String[] {image.substring(0, colon), image.substring(colon + 1)};
        }
        return new String[] {image, "latest"};
    }

    /** Reports per-layer progress and remembers the first error the engine streamed. */
    static final class PullCallback extends ResultCallback.Adapter<PullResponseItem> {
        private final PullProgressListener listener;
        private volatile String error;

        PullCallback(PullProgressListener listener) {
            this.listener = listener;
        }

        @Override
        @SuppressWarnings("deprecation") // getError(): older engines send only "error", no errorDetail
        public void onNext(PullResponseItem item) {
            if (item == null) {
                return;
            }
            if (item.isErrorIndicated()) {
                if (error == null) {
                    ResponseItem.ErrorDetail detail = item.getErrorDetail();
                    String message = detail != null && detail.getMessage() != null ? detail.getMessage()
                            : item.getError();
                    error = message == null || message.isBlank() ? "the engine reported an error" : message.trim();
                }
                return;
            }
            ResponseItem.ProgressDetail progress = item.getProgressDetail();
            long current = progress == null || progress.getCurrent() == null ? 0L : progress.getCurrent();
            long total = progress == null || progress.getTotal() == null ? 0L : progress.getTotal();
            listener.layer(nullToEmpty(item.getId()), nullToEmpty(item.getStatus()), current, total);
        }

        Optional<String> error() {
            return Optional.ofNullable(error);
        }
    }

    /** Joins the payload of every frame (stdout and stderr as they interleave, or the raw TTY stream). */
    static final class Collector extends ResultCallback.Adapter<Frame> {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int limit;

        Collector(int limit) {
            this.limit = limit;
        }

        @Override
        public void onNext(Frame frame) {
            if (frame == null || frame.getPayload() == null) {
                return;
            }
            synchronized (bytes) {
                int room = limit - bytes.size();
                if (room > 0) {
                    bytes.write(frame.getPayload(), 0, Math.min(room, frame.getPayload().length));
                }
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    @Override
    public void restartContainer(String containerId, Duration timeout) {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative restart timeout: " + timeout);
        }
        long stopSeconds = timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0); // whole seconds, rounded up
        if (stopSeconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("restart timeout too long: " + timeout);
        }
        // The engine answers only once the container is stopped and started again: a stop
        // timeout longer than the short client's response timeout needs the patient one.
        DockerClient which = timeout.plus(RESTART_START_ALLOWANCE).compareTo(QUERY_RESPONSE_TIMEOUT) <= 0
                ? client : streamClient;
        try {
            which.restartContainerCmd(containerId).withTimeout((int) stopSeconds).exec();
        } catch (RuntimeException e) {
            throw failure("restarting container " + shortId(containerId), e);
        }
    }

    @Override
    public void logs(String containerId, LogRequest request, Consumer<String> lines) {
        LineCollector collector = new LineCollector(lines);
        var command = (request.follow() ? followClient() : client).logContainerCmd(containerId)
                .withStdOut(true)
                .withStdErr(true)
                .withTimestamps(false)
                .withFollowStream(request.follow());
        if (request.tail() >= 0) {
            command.withTail(request.tail());
        }
        request.since().ifPresent(since -> command.withSince((int) Math.min(Integer.MAX_VALUE, since.getEpochSecond())));
        try {
            command.exec(collector);
            if (request.follow()) {
                collector.awaitCompletion();
            } else if (!collector.awaitCompletion(LOGS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DockerOperationException("reading the log of container " + shortId(containerId)
                        + " took longer than " + seconds(LOGS_TIMEOUT));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (DockerOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure("reading the log of container " + shortId(containerId), e);
        } finally {
            closeQuietly(collector);
            collector.flush();
        }
    }

    /** A client that waits as long as a followed log stays quiet. */
    private synchronized DockerClient followClient() {
        if (followClient == null) {
            followClient = DockerClientImpl.getInstance(config, httpClient(config, FOLLOW_RESPONSE_TIMEOUT));
        }
        return followClient;
    }

    /** Splits frames into lines; a line split across frames is joined. */
    static final class LineCollector extends ResultCallback.Adapter<Frame> {
        private final Consumer<String> lines;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        LineCollector(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void onNext(Frame frame) {
            if (frame == null || frame.getPayload() == null) {
                return;
            }
            for (byte b : frame.getPayload()) {
                if (b == '\n') {
                    emit();
                } else {
                    partial.write(b);
                }
            }
        }

        synchronized void flush() {
            if (partial.size() > 0) {
                emit();
            }
        }

        private void emit() {
            String line = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, java.io.InputStream stdin, java.io.OutputStream stdout) {
        return cli.run(DockerCli.execArgs(containerId, command, stdin != null), stdin, stdout, COMMAND_TIMEOUT);
    }

    @Override
    public ExecResult runWithVolume(String image, String volume, boolean readOnly, List<String> command,
            java.io.InputStream stdin, java.io.OutputStream stdout) {
        return cli.run(DockerCli.helperArgs(image, volume, readOnly, command, stdin != null), stdin, stdout, COMMAND_TIMEOUT);
    }

    @Override
    public List<String> volumes(String project) {
        try {
            var answer = client.listVolumesCmd().withFilter("label", List.of(PROJECT_LABEL + "=" + project)).exec();
            if (answer.getVolumes() == null) {
                return List.of();
            }
            return answer.getVolumes().stream().map(volume -> volume.getName()).sorted().toList();
        } catch (RuntimeException e) {
            throw failure("listing the volumes of project " + project, e);
        }
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        try {
            client.createVolumeCmd().withName(name).withLabels(labels).exec();
        } catch (RuntimeException e) {
            throw failure("creating volume " + name, e);
        }
    }

    @Override
    public void removeVolume(String name) {
        try {
            client.removeVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            throw failure("removing volume " + name, e);
        }
    }

    @Override
    public void pause(String containerId) {
        try {
            client.pauseContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            throw failure("pausing container " + shortId(containerId), e);
        }
    }

    @Override
    public void unpause(String containerId) {
        try {
            client.unpauseContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            throw failure("unpausing container " + shortId(containerId), e);
        }
    }

    @Override
    public ComposeProject compose(Deployment deployment, List<String> profiles, Consumer<String> output) {
        return new ComposeCli(deployment.project(), deployment.directory(), profiles, output, cliEnvironment,
                ComposeCli.DEFAULT_TIMEOUT);
    }

    @Override
    public void close() {
        closeQuietly(client);
        closeQuietly(streamClient);
        synchronized (this) {
            closeQuietly(followClient);
        }
    }

    // ---- errors --------------------------------------------------------------------------

    private DockerUnavailableException unavailable(Throwable e) {
        String how = discovered == null ? ""
                : discovered.found() ? " (" + discovered.origin() + ")" : "; " + DockerEndpoint.NOWHERE;
        return new DockerUnavailableException("cannot reach the Docker engine at " + endpoint + how + ": " + reason(e)
                + hint(e), e, discovered == null || discovered.found());
    }

    /** A connection problem becomes {@link DockerUnavailableException}; anything else an operation failure. */
    private RuntimeException failure(String action, RuntimeException e) {
        if (e instanceof DockerUnavailableException || e instanceof DockerOperationException) {
            return e;
        }
        if (isConnectionFailure(e)) {
            return unavailable(e);
        }
        return new DockerOperationException(action + " failed: " + reason(e), e);
    }

    static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DockerException) {
                return false; // the engine answered with an HTTP error
            }
            if (t instanceof IOException || t.getClass().getName().equals("com.sun.jna.LastErrorException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * A short, lower-case reason: the engine's JSON "message" for HTTP errors, the OS error for
     * socket failures ("no such file or directory", "connection refused", "permission denied").
     */
    static String reason(Throwable e) {
        DockerException http = find(e, DockerException.class);
        if (http != null) {
            return engineMessage(http);
        }
        if (find(e, SocketTimeoutException.class) != null || find(e, InterruptedIOException.class) != null) {
            return "no answer in time";
        }
        Throwable deepest = e;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                deepest = t;
            }
        }
        ConnectException refused = find(e, ConnectException.class);
        if (refused != null && (refused.getMessage() == null || refused.getMessage().contains("refused"))) {
            return "connection refused";
        }
        String message = deepest.getMessage();
        if (message == null || message.isBlank()) {
            return deepest.getClass().getSimpleName();
        }
        message = message.trim();
        // JNA's LastErrorException: "[2] No such file or directory"; wrappers: "java.io.IOException: ..."
        message = message.replaceFirst("^(?:[\\w$.]+(?:Exception|Error): )+", "");
        message = message.replaceFirst("^\\[\\d+\\]\\s*", "");
        if (message.length() > 1 && Character.isUpperCase(message.charAt(0)) && Character.isLowerCase(message.charAt(1))) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        return message;
    }

    private static String hint(Throwable e) {
        String r = reason(e);
        if (r.contains("permission denied")) {
            return " (is this user in the docker group, or try with sudo)";
        }
        return "";
    }

    /** docker-java's messages look like "Status 404: {\"message\":\"No such container: x\"}". */
    static String engineMessage(DockerException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().trim();
        int brace = message.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode node = JSON.readTree(message.substring(brace));
                if (node != null && node.hasNonNull("message")) {
                    return node.get("message").asText().trim() + " (HTTP " + e.getHttpStatus() + ")";
                }
            } catch (IOException | RuntimeException ignored) {
                // not JSON: fall through to the raw text
            }
        }
        message = message.replaceFirst("^(?:Status \\d+:\\s*)+", "");
        return message.isEmpty() ? "HTTP " + e.getHttpStatus() : message + " (HTTP " + e.getHttpStatus() + ")";
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    // ---- small helpers -------------------------------------------------------------------

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String shortId(String id) {
        return id != null && id.length() > 12 && id.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                ? id.substring(0, 12) : String.valueOf(id);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing useful to do
        }
    }
}
