package reflector.setup.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reflector.setup.process.ProcessRunner;

/**
 * What the real {@code docker compose -f docker-compose.selfhosted.yml --profile ... config
 * --format json} says about a deployment directory, in the contract's plain forms: ports as
 * "[ip:]published:target/protocol" with consecutive ports joined into ranges, volumes as
 * "volume:target" or "./path:target:ro", durations in seconds, paths inside the directory as
 * "./path".
 */
final class ComposeConfig {
    static final String COMPOSE_FILE = "docker-compose.selfhosted.yml";

    /** Fields of a service that the contract covers (of deploy: the devices). */
    static final Set<String> COVERED = Set.of(
            "profiles",
            "image",
            "build",
            "restart",
            "ports",
            "volumes",
            "networks",
            "depends_on",
            "deploy",
            "healthcheck",
            "environment");

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private final JsonNode root;
    private final Path dir;

    private ComposeConfig(JsonNode root, Path dir) {
        this.root = root;
        this.dir = dir;
    }

    /** Runs Compose in the directory with the profiles, without the caller's COMPOSE_*, REFLECTOR_* or HF_TOKEN. */
    static ComposeConfig read(Path dir, List<String> profiles) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker", "compose", "-f", COMPOSE_FILE));
        profiles.forEach(profile -> command.addAll(List.of("--profile", profile)));
        command.addAll(List.of("config", "--format", "json"));
        Result result = run(command, dir);
        if (result.exitCode() != 0) {
            throw new AssertionError("`" + String.join(" ", command) + "` failed in " + dir + ":\n" + result.err());
        }
        return new ComposeConfig(new ObjectMapper().readTree(result.out()), dir);
    }

    static boolean available() {
        try {
            return run(List.of("docker", "compose", "version"), Path.of(".")).exitCode() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String projectName() {
        return root.path("name").asText(null);
    }

    Set<String> services() {
        Set<String> names = new TreeSet<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Top-level volume -> the name Compose gives it on the engine. */
    Map<String, String> volumeNames() {
        Map<String, String> names = new TreeMap<>();
        root.path("volumes")
                .properties()
                .forEach(e -> names.put(e.getKey(), e.getValue().path("name").asText(null)));
        return names;
    }

    JsonNode network(String name) {
        return root.path("networks").path(name);
    }

    /**
     * Fields of the service that are set and that the contract does not cover. Compose prints
     * command and entrypoint as null when the compose file leaves them to the image.
     */
    Set<String> uncoveredFields(String service) {
        Set<String> fields = new TreeSet<>();
        node(service).properties().forEach(e -> {
            if (isSet(e.getValue()) && !COVERED.contains(e.getKey())) {
                fields.add(e.getKey());
            }
        });
        // Of deploy, only resources.reservations.devices is covered.
        JsonNode deploy = node(service).path("deploy");
        addUncovered(fields, "deploy.", deploy, "resources");
        addUncovered(fields, "deploy.resources.", deploy.path("resources"), "reservations");
        addUncovered(
                fields,
                "deploy.resources.reservations.",
                deploy.path("resources").path("reservations"),
                "devices");
        return fields;
    }

    private static void addUncovered(Set<String> fields, String prefix, JsonNode node, String covered) {
        node.properties().forEach(e -> {
            if (isSet(e.getValue()) && !e.getKey().equals(covered)) {
                fields.add(prefix + e.getKey());
            }
        });
    }

    private static boolean isSet(JsonNode value) {
        return !value.isNull() && !(value.isContainerNode() && value.isEmpty());
    }

    /** One field of a service in the contract's plain form (see StackContract.normalised). */
    Object field(String service, String field) {
        JsonNode value = node(service).path(field);
        return switch (field) {
            case "profiles" -> sorted(strings(value));
            case "image", "restart" -> value.isMissingNode() || value.isNull() ? null : value.asText();
            case "build" -> build(value);
            case "ports" -> ports(value);
            case "volumes" -> volumes(value);
            case "networks" -> networks(value);
            case "depends_on" -> dependsOn(value);
            case "devices" -> devices(node(service)
                    .path("deploy")
                    .path("resources")
                    .path("reservations")
                    .path("devices"));
            case "healthcheck" -> healthcheck(value);
            default -> throw new IllegalArgumentException("no such field: " + field);
        };
    }

    /** The container's environment; `config` writes a literal "$" as "$$", so it is read back as "$". */
    Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        node(service)
                .path("environment")
                .properties()
                .forEach(e -> environment.put(
                        e.getKey(),
                        e.getValue().isNull() ? null : e.getValue().asText().replace("$$", "$")));
        return environment;
    }

    private JsonNode node(String service) {
        return root.path("services").path(service);
    }

    private Map<String, Object> build(JsonNode build) {
        if (build.isMissingNode() || build.isNull()) {
            return null;
        }
        Map<String, Object> plain = new TreeMap<>();
        build.properties()
                .forEach(e -> plain.put(e.getKey(), inDirectory(e.getValue().asText())));
        return plain;
    }

    /** Published ports; consecutive ones with the same address and protocol become one range. */
    private static List<String> ports(JsonNode ports) {
        List<JsonNode> entries = new ArrayList<>();
        ports.forEach(entries::add);
        entries.sort(Comparator.comparing((JsonNode p) -> p.path("host_ip").asText(""))
                .thenComparing(p -> p.path("protocol").asText("tcp"))
                .thenComparingInt(p -> p.path("target").asInt()));
        List<String> result = new ArrayList<>();
        int i = 0;
        while (i < entries.size()) {
            JsonNode first = entries.get(i);
            int j = i;
            while (j + 1 < entries.size() && continues(entries.get(j), entries.get(j + 1))) {
                j++;
            }
            JsonNode last = entries.get(j);
            String ip = first.path("host_ip").asText("");
            String published = first.path("published").asText("");
            String target = first.path("target").asText();
            if (j > i) {
                published = published + "-" + last.path("published").asText();
                target = target + "-" + last.path("target").asText();
            }
            result.add((ip.isEmpty() ? "" : ip + ":") + (published.isEmpty() ? "" : published + ":") + target + "/"
                    + first.path("protocol").asText("tcp"));
            i = j + 1;
        }
        result.sort(null);
        return result;
    }

    private static boolean continues(JsonNode previous, JsonNode next) {
        return previous.path("host_ip").asText("").equals(next.path("host_ip").asText(""))
                && previous.path("protocol")
                        .asText("tcp")
                        .equals(next.path("protocol").asText("tcp"))
                && next.path("target").asInt() == previous.path("target").asInt() + 1
                && !previous.path("published").asText("").isEmpty()
                && next.path("published")
                        .asText("")
                        .equals(String.valueOf(
                                Integer.parseInt(previous.path("published").asText()) + 1));
    }

    private List<String> volumes(JsonNode volumes) {
        List<String> result = new ArrayList<>();
        volumes.forEach(volume -> {
            String source = volume.path("type").asText().equals("bind")
                    ? inDirectory(volume.path("source").asText())
                    : volume.path("source").asText();
            result.add(source + ":" + volume.path("target").asText()
                    + (volume.path("read_only").asBoolean() ? ":ro" : ""));
        });
        result.sort(null);
        return result;
    }

    private static Map<String, Object> networks(JsonNode networks) {
        Map<String, Object> result = new TreeMap<>();
        networks.properties()
                .forEach(e -> result.put(e.getKey(), sorted(strings(e.getValue().path("aliases")))));
        return result;
    }

    private static Map<String, Object> dependsOn(JsonNode dependsOn) {
        Map<String, Object> result = new TreeMap<>();
        dependsOn
                .properties()
                .forEach(e ->
                        result.put(e.getKey(), e.getValue().path("condition").asText()));
        return result;
    }

    private static List<Object> devices(JsonNode devices) {
        List<Object> result = new ArrayList<>();
        devices.forEach(device -> {
            Map<String, Object> plain = new TreeMap<>();
            plain.put("driver", device.path("driver").asText());
            plain.put(
                    "count",
                    device.path("count").asInt() == -1
                            ? "all"
                            : device.path("count").asText());
            plain.put("capabilities", sorted(strings(device.path("capabilities"))));
            result.add(plain);
        });
        return result;
    }

    private static Map<String, Object> healthcheck(JsonNode healthcheck) {
        if (healthcheck.isMissingNode() || healthcheck.isNull()) {
            return null;
        }
        Map<String, Object> plain = new TreeMap<>();
        healthcheck.properties().forEach(e -> {
            if (e.getKey().equals("test")) {
                plain.put("test", strings(e.getValue()));
            } else if (e.getValue().isTextual()) {
                plain.put(e.getKey(), seconds(e.getValue().asText()));
            } else {
                plain.put(e.getKey(), e.getValue().asText());
            }
        });
        return plain;
    }

    /** A Go duration as Compose prints it ("1m30s", "500ms") in seconds, as the contract writes it. */
    static String seconds(String duration) {
        Matcher matcher = DURATION_PART.matcher(duration);
        double total = 0;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            double amount = Double.parseDouble(matcher.group(1));
            total += switch (matcher.group(2)) {
                case "h" -> amount * 3600;
                case "m" -> amount * 60;
                case "ms" -> amount / 1000;
                default -> amount;
            };
            end = matcher.end();
        }
        if (end != duration.length() || duration.isEmpty()) {
            return duration;
        }
        return total == Math.rint(total) ? String.valueOf((long) total) : String.valueOf(total);
    }

    /** An absolute path inside the deployment directory as "./path", as the compose file writes it. */
    private String inDirectory(String path) {
        String prefix = dir.toString() + "/";
        return path.startsWith(prefix) ? "./" + path.substring(prefix.length()) : path;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.asText()));
        return values;
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        // Compose must see only the deployment's own .env, as a user's shell without these would.
        ProcessRunner.Result result = ProcessRunner.command(command)
                .directory(dir)
                .environment(ProcessRunner.environment(
                        System.getenv(),
                        name -> name.startsWith("COMPOSE_") || name.startsWith("REFLECTOR_") || name.equals("HF_TOKEN"),
                        Map.of()))
                .errors(ProcessRunner.Errors.CAPTURE)
                .timeout(Duration.ofSeconds(120))
                .killGrace(Duration.ZERO)
                .run();
        if (result.timedOut()) {
            throw new IOException("timed out: " + command);
        }
        return new Result(result.exitCode(), result.output(), result.errors());
    }
}
