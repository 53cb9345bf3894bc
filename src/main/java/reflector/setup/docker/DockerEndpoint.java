package reflector.setup.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import reflector.setup.text.Sha256;

/**
 * Where the Engine API is, looked for as the docker CLI does, plus rootless Docker:
 * <ol>
 * <li>DOCKER_HOST;</li>
 * <li>a Docker context (DOCKER_CONTEXT, or currentContext in ~/.docker/config.json), whose endpoint
 * is in ~/.docker/contexts/meta/&lt;sha256 of the name&gt;/meta.json;</li>
 * <li>the system socket /var/run/docker.sock;</li>
 * <li>rootless Docker's socket $XDG_RUNTIME_DIR/docker.sock, which the CLI uses only through
 * DOCKER_HOST or a context: here it is used when it is the only one.</li>
 * </ol>
 * docker-java and the docker CLI read DOCKER_HOST and contexts themselves; only the rootless socket
 * has to be handed to them ({@link #explicit()}).
 *
 * @param host     the endpoint, for messages and, when explicit, for the clients
 * @param origin   how it was found, for messages
 * @param explicit whether the clients must be given the host (they would not find it)
 * @param found    false when nothing points at an engine: no variable, no context, no socket
 */
public record DockerEndpoint(String host, String origin, boolean explicit, boolean found) {

    public static final Path SYSTEM_SOCKET = Path.of("/var/run/docker.sock");
    static final String NOWHERE = "no DOCKER_HOST, no Docker context, and no socket at /var/run/docker.sock or "
            + "$XDG_RUNTIME_DIR/docker.sock (rootless Docker)";

    /** The endpoint this process finds, from its environment {@code env}, its home directory and the system socket. */
    public static DockerEndpoint ofThisProcess(Map<String, String> env) {
        return discover(env, Path.of(System.getProperty("user.home")), SYSTEM_SOCKET);
    }

    public static DockerEndpoint discover(Map<String, String> env, Path home, Path systemSocket) {
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            return new DockerEndpoint(dockerHost, "DOCKER_HOST", false, true);
        }
        Path configDir = nonBlank(env.get("DOCKER_CONFIG")).map(Path::of).orElse(home.resolve(".docker"));
        Optional<String> context = nonBlank(env.get("DOCKER_CONTEXT")).or(() -> currentContext(configDir));
        if (context.isPresent() && !context.get().equals("default")) {
            String name = context.get();
            return contextEndpoint(configDir, name)
                    .map(host -> new DockerEndpoint(host, "Docker context '" + name + "'", false, true))
                    .orElse(new DockerEndpoint(
                            "(unknown)",
                            "Docker context '" + name + "', which has no endpoint in "
                                    + configDir.resolve("contexts/meta"),
                            false,
                            true));
        }
        if (Files.exists(systemSocket)) {
            return new DockerEndpoint("unix://" + systemSocket, "the system socket", false, true);
        }
        Optional<Path> rootless = nonBlank(env.get("XDG_RUNTIME_DIR"))
                .map(dir -> Path.of(dir, "docker.sock"))
                .filter(Files::exists);
        if (rootless.isPresent()) {
            return new DockerEndpoint("unix://" + rootless.get(), "rootless Docker", true, true);
        }
        return new DockerEndpoint("unix://" + systemSocket, NOWHERE, false, false);
    }

    /** For messages: "unix:///run/user/1000/docker.sock (rootless Docker)". */
    public String describe() {
        return host + " (" + origin + ")";
    }

    private static Optional<String> currentContext(Path configDir) {
        return readJson(configDir.resolve("config.json"))
                .map(json -> json.path("currentContext").asText(""))
                .flatMap(DockerEndpoint::nonBlank);
    }

    /** meta/&lt;sha256(name)&gt;/meta.json as the CLI writes it; other directories are searched by Name, in case. */
    static Optional<String> contextEndpoint(Path configDir, String name) {
        Path metaDir = configDir.resolve("contexts/meta");
        Optional<String> direct =
                readJson(metaDir.resolve(Sha256.hex(name)).resolve("meta.json")).flatMap(DockerEndpoint::dockerHost);
        if (direct.isPresent() || !Files.isDirectory(metaDir)) {
            return direct;
        }
        try (Stream<Path> dirs = Files.list(metaDir)) {
            return dirs.map(dir -> readJson(dir.resolve("meta.json")))
                    .flatMap(Optional::stream)
                    .filter(json -> name.equals(json.path("Name").asText()))
                    .map(DockerEndpoint::dockerHost)
                    .flatMap(Optional::stream)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> dockerHost(JsonNode meta) {
        return nonBlank(meta.path("Endpoints").path("docker").path("Host").asText(""));
    }

    private static Optional<JsonNode> readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
