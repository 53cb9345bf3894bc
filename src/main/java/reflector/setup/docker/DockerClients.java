package reflector.setup.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import reflector.setup.text.SafeText;

/**
 * The docker-java clients of one endpoint, built as the docker CLI connects: one for short
 * requests (ping, info, lists, inspects, logs, restarts with a short stop timeout), whose
 * response timeout bounds a wedged daemon, and one for pulls (and restarts with a long stop
 * timeout), which may be silent for a long time; their callers bound those with their own
 * timeouts. A third, for followed logs, is made when one is asked for. The API version is left unset, so requests go to unversioned paths and the daemon
 * answers with its own current API; docker-java does no version negotiation.
 */
final class DockerClients implements AutoCloseable {

    /** How long to wait for the socket/TCP connection to the engine. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Response (socket inactivity) timeout of the client for short requests. */
    public static final Duration QUERY_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    /** Response (socket inactivity) timeout of the client for pulls and long restarts. */
    public static final Duration STREAM_RESPONSE_TIMEOUT = Duration.ofMinutes(30);
    /** Socket inactivity timeout of a followed log: long, yet within what a socket timeout can hold. */
    static final Duration FOLLOW_RESPONSE_TIMEOUT = Duration.ofDays(20);

    final String endpoint;
    /** For short requests. */
    final DockerClient query;
    /** For pulls and long restarts. */
    final DockerClient stream;

    private final DockerClientConfig config;
    /** For followed logs; made on first use. */
    private DockerClient follow;

    private DockerClients(DockerClientConfig config) {
        this.endpoint = config.getDockerHost().toString();
        this.config = config;
        DockerClient quick = null;
        try {
            quick = DockerClientImpl.getInstance(config, httpClient(config, QUERY_RESPONSE_TIMEOUT));
            this.query = quick;
            this.stream = DockerClientImpl.getInstance(config, httpClient(config, STREAM_RESPONSE_TIMEOUT));
        } catch (RuntimeException e) {
            closeQuietly(quick);
            throw new DockerUnavailableException(
                    "cannot use the Docker endpoint " + endpoint + ": " + EngineErrors.reason(e), e);
        }
    }

    /**
     * Connects as the docker CLI would: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH,
     * DOCKER_CONTEXT, ~/.docker/config.json and docker-java system properties, or to
     * {@code dockerHost} when it is not null. Nothing is sent to the engine yet. {@code env} is this
     * process's environment, for the DOCKER_HOST it names.
     */
    static DockerClients connect(String dockerHost, Map<String, String> env) {
        return new DockerClients(buildConfig(dockerHost, env));
    }

    private static DockerClientConfig buildConfig(String dockerHost, Map<String, String> env) {
        String envHost = env.get("DOCKER_HOST");
        String checked = dockerHost != null ? dockerHost : envHost == null || envHost.isBlank() ? null : envHost;
        String shown = checked == null ? null : (dockerHost != null ? "" : "DOCKER_HOST=") + SafeText.oneLine(checked);
        if (checked != null && !checked.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.+")) {
            throw new DockerUnavailableException(
                    "not a Docker endpoint: " + shown
                            + " (expected e.g. unix:///var/run/docker.sock or tcp://host:2376)",
                    null);
        }
        // docker-java would load Windows' kernel32 through JNA on the first request and die with
        // an UnsatisfiedLinkError; a named pipe exists only on Windows.
        if (checked != null && checked.regionMatches(true, 0, "npipe:", 0, 6) && !isWindows()) {
            throw new DockerUnavailableException(
                    shown + " is a Windows named pipe, which this system does not "
                            + "have; on Linux use unix:///var/run/docker.sock or tcp://HOST:2376",
                    null);
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
            throw new DockerUnavailableException("cannot use " + where + ": " + EngineErrors.reason(e), e);
        }
        // The same for a named pipe that came from a Docker context or the config file.
        if ("npipe".equalsIgnoreCase(config.getDockerHost().getScheme()) && !isWindows()) {
            throw new DockerUnavailableException(
                    "the Docker endpoint " + config.getDockerHost() + " is a Windows named "
                            + "pipe, which this system does not have; on Linux use unix:///var/run/docker.sock",
                    null);
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

    /** A client that waits as long as a followed log stays quiet. */
    synchronized DockerClient follow() {
        if (follow == null) {
            follow = DockerClientImpl.getInstance(config, httpClient(config, FOLLOW_RESPONSE_TIMEOUT));
        }
        return follow;
    }

    @Override
    public void close() {
        closeQuietly(query);
        closeQuietly(stream);
        synchronized (this) {
            closeQuietly(follow);
        }
    }

    static void closeQuietly(AutoCloseable c) {
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
