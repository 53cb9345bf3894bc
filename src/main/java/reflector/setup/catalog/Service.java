package reflector.setup.catalog;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The services of the bundled compose file, and what the installer knows of each: its Compose
 * name, the profile that turns it on, its main container port, how and how long the health step
 * waits for it, and the host ports the bundled file publishes. The port preflight, the health
 * waits, the env files, storage, the verify checks, the summary and `logs` all take these facts
 * from here, so adding a service, or moving a port, is one edit.
 *
 * <p>Declared in the order `logs` lists them: the application, its database and queue, the model
 * server, Ollama, storage and the proxy.
 */
public enum Service {
    SERVER(
            "server",
            null,
            1250,
            Health.http("/health", Duration.ofSeconds(450), true),
            Publication.tcp("127.0.0.1", 1250),
            Publication.udp("0.0.0.0", 50000, 50100)),
    WORKER("worker", null, 0, null),
    BEAT("beat", null, 0, null),
    WEB("web", null, 3000, Health.http("/", Duration.ofSeconds(90), false), Publication.tcp("127.0.0.1", 3000)),
    POSTGRES("postgres", null, 5432, null),
    REDIS("redis", null, 6379, null),
    GPU("gpu", "gpu", 8000, Health.http("/docs", Duration.ofMinutes(10), false), Publication.tcp("127.0.0.1", 8000)),
    CPU("cpu", "cpu", 8000, Health.http("/docs", Duration.ofMinutes(10), false), Publication.tcp("127.0.0.1", 8000)),
    OLLAMA(
            "ollama",
            "ollama-gpu",
            11435,
            Health.http("/api/tags", Duration.ofMinutes(3), false),
            Publication.tcp("127.0.0.1", 11435)),
    OLLAMA_CPU(
            "ollama-cpu",
            "ollama-cpu",
            11435,
            Health.http("/api/tags", Duration.ofMinutes(3), false),
            Publication.tcp("127.0.0.1", 11435)),
    /** Its main port is the S3 API; the admin API is {@link #GARAGE_ADMIN_PORT}. */
    GARAGE("garage", "garage", 3900, null, Publication.tcp("127.0.0.1", 3900), Publication.tcp("127.0.0.1", 3903)),
    /** Its main port is HTTPS; plain HTTP ({@link #CADDY_HTTP_PORT}) redirects to it. */
    CADDY(
            "caddy",
            "caddy",
            443,
            Health.https("/health", Duration.ofSeconds(60), false),
            Publication.tcp("0.0.0.0", 80),
            Publication.tcp("0.0.0.0", 443));

    /** Garage's admin API, where the storage step makes the bucket and key. */
    public static final int GARAGE_ADMIN_PORT = 3903;
    /** Caddy's plain HTTP port: with a domain, where the CA's HTTP challenge comes (the acme preflight checks it). */
    public static final int CADDY_HTTP_PORT = 80;
    /** The model server's alias inside the Docker network, shared by gpu and cpu. */
    public static final String MODEL_SERVER_ALIAS = "transcription";

    /**
     * The order the health step waits in and lists its waits: the model server and Ollama, which
     * take longest to start, then the application and the proxy.
     */
    public static final List<Service> WAIT_ORDER = List.of(GPU, CPU, OLLAMA, OLLAMA_CPU, SERVER, WEB, CADDY);

    /**
     * How the health step tells that the service answers: a 2xx answer to GET path on the
     * published main port, over TLS (accepting the proxy's own certificate) or not.
     *
     * @param fatal whether not answering in time stops the run (exit 4) rather than warning
     */
    public record Health(String path, boolean tls, Duration timeout, boolean fatal) {
        static Health http(String path, Duration timeout, boolean fatal) {
            return new Health(path, false, timeout, fatal);
        }

        static Health https(String path, Duration timeout, boolean fatal) {
            return new Health(path, true, timeout, fatal);
        }
    }

    /** Host ports the bundled compose file publishes, each onto the same container port. */
    public record Publication(String hostIp, int firstPort, int lastPort, String protocol) {
        static Publication tcp(String hostIp, int port) {
            return new Publication(hostIp, port, port, "tcp");
        }

        static Publication udp(String hostIp, int firstPort, int lastPort) {
            return new Publication(hostIp, firstPort, lastPort, "udp");
        }
    }

    private final String serviceName;
    private final String profile;
    private final int port;
    private final Health health;
    private final List<Publication> published;

    Service(String serviceName, String profile, int port, Health health, Publication... published) {
        this.serviceName = serviceName;
        this.profile = profile;
        this.port = port;
        this.health = health;
        this.published = List.of(published);
    }

    /** The Compose service name, which is also its host name inside the Docker network. */
    public String serviceName() {
        return serviceName;
    }

    /** The profile that turns it on; empty for the services every deployment runs. */
    public Optional<String> profile() {
        return Optional.ofNullable(profile);
    }

    /** Its main container port: the one the health step and the installer's clients use; 0 when none. */
    public int port() {
        return port;
    }

    public Optional<Health> health() {
        return Optional.ofNullable(health);
    }

    public List<Publication> published() {
        return published;
    }

    /**
     * The named volumes of the bundled compose file that it mounts, without the project's prefix
     * (Compose names them PROJECT_NAME). Kept when the service is switched off: see
     * {@link #volumesLeftBehind}.
     */
    public List<String> volumes() {
        return switch (this) {
            case SERVER, WORKER -> List.of("server_data");
            case POSTGRES -> List.of("postgres_data");
            case REDIS -> List.of("redis_data");
            case GPU, CPU -> List.of("gpu_cache");
            case OLLAMA, OLLAMA_CPU -> List.of("ollama_data");
            case GARAGE -> List.of("garage_data", "garage_meta");
            case CADDY -> List.of("caddy_data", "caddy_config");
            case BEAT, WEB -> List.of();
        };
    }

    /** The host ports it publishes, for messages: "80/tcp", "50000-50100/udp". */
    public List<String> hostPorts() {
        return published.stream()
                .map(publication -> (publication.firstPort() == publication.lastPort()
                                ? String.valueOf(publication.firstPort())
                                : publication.firstPort() + "-" + publication.lastPort())
                        + "/" + publication.protocol())
                .toList();
    }

    /**
     * The host ports {@code switchedOff} publish that no service of {@code profiles} publishes:
     * what is free once they stop ("80/tcp"), in the order of the services given.
     */
    public static List<String> portsLeftFree(Collection<Service> switchedOff, List<String> profiles) {
        LinkedHashSet<String> freed = new LinkedHashSet<>();
        switchedOff.forEach(service -> freed.addAll(service.hostPorts()));
        active(profiles).forEach(service -> freed.removeAll(service.hostPorts()));
        return List.copyOf(freed);
    }

    /** The catalog's service of this Compose name, if it is one. */
    public static Optional<Service> named(String serviceName) {
        return Arrays.stream(values())
                .filter(service -> service.serviceName.equals(serviceName))
                .findFirst();
    }

    /**
     * The volumes of {@code switchedOff} that no service of {@code profiles} mounts: what stays
     * behind, unused, when those services stop (gpu and cpu share gpu_cache, the two Ollamas
     * ollama_data: a move between them leaves nothing behind). In catalog order, without duplicates.
     */
    public static List<String> volumesLeftBehind(Collection<Service> switchedOff, List<String> profiles) {
        Set<String> used = new HashSet<>();
        active(profiles).forEach(service -> used.addAll(service.volumes()));
        return Arrays.stream(values())
                .filter(switchedOff::contains)
                .flatMap(service -> service.volumes().stream())
                .filter(volume -> !used.contains(volume))
                .distinct()
                .toList();
    }

    /** Whether a deployment with these profiles runs it. */
    public boolean activeWith(List<String> profiles) {
        return profile == null || profiles.contains(profile);
    }

    /** The services a deployment with these profiles runs, in catalog order. */
    public static List<Service> active(List<String> profiles) {
        return Arrays.stream(values())
                .filter(service -> service.activeWith(profiles))
                .toList();
    }

    /**
     * The profiles that make these services run (for commands that act on what runs, such as
     * down), in catalog order; services of no profile, and names the catalog does not know, add none.
     */
    public static List<String> profilesOf(Collection<String> serviceNames) {
        return Arrays.stream(values())
                .filter(service -> service.profile != null && serviceNames.contains(service.serviceName))
                .map(service -> service.profile)
                .distinct()
                .toList();
    }

    /** Every service name for help texts: "server, worker, ..., garage or caddy". */
    public static String namesForHelp() {
        List<String> names = Arrays.stream(values()).map(Service::serviceName).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
