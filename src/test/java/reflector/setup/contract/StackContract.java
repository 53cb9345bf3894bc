package reflector.setup.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The expected effective configuration of the stack, read from
 * {@code contracts/upstream-stack.yml}: upstream's values per service, with the allowed
 * differences applied and the {name} placeholders of a flag set filled in. Every value comes out
 * in the same plain form as {@link ComposeConfig} gives the actual one (strings, lists, maps).
 */
final class StackContract {
    static final String RESOURCE = "/contracts/upstream-stack.yml";

    /** The fields compared for every service, in the order the differences are reported. */
    static final List<String> FIELDS = List.of(
            "profiles",
            "image",
            "build",
            "restart",
            "ports",
            "volumes",
            "networks",
            "depends_on",
            "devices",
            "healthcheck");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)\\}");

    private final Map<String, Object> root;

    private StackContract(Map<String, Object> root) {
        this.root = root;
    }

    static StackContract load() {
        try (InputStream in = StackContract.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the test class path");
            }
            return new StackContract(new Yaml().load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The services that the given Compose profiles start: those without a profile and those of an active one. */
    List<String> activeServices(List<String> profiles) {
        List<String> active = new ArrayList<>();
        for (String service : services().keySet()) {
            List<String> own = stringList(service(service).get("profiles"));
            if (own.isEmpty() || own.stream().anyMatch(profiles::contains)) {
                active.add(service);
            }
        }
        return active;
    }

    List<String> declaredVolumes() {
        return stringList(root.get("volumes"));
    }

    boolean defaultNetworkAttachable() {
        return Boolean.TRUE.equals(map(map(root.get("network")).get("default")).get("attachable"));
    }

    /** Upstream's value of a field, as written (placeholders not filled). */
    Object upstream(String service, String field) {
        return normalised(field, service(service).get(field));
    }

    /** What the bundled stack must have: upstream's value, or the allowed difference's. */
    Object expected(String service, String field, Map<String, String> vars) {
        Object value = allowedDifference(service, field)
                .map(d -> bundledValue(d, service))
                .orElseGet(() -> service(service).get(field));
        return fill(normalised(field, value), vars);
    }

    /** The reason of the allowed difference for this service's field, if there is one. */
    Optional<String> allowedReason(String service, String field) {
        return allowedDifference(service, field).map(d -> String.valueOf(d.get("reason")));
    }

    /**
     * The environment that the compose file itself sets: upstream's, and what an allowed
     * difference adds to it ({@code field: environment} with {@code bundled} per service),
     * placeholders filled.
     */
    Map<String, String> composeEnvironment(String service, Map<String, String> vars) {
        Map<String, String> environment =
                new LinkedHashMap<>(stringMap(service(service).get("environment")));
        for (Map<String, Object> difference : allowedDifferences()) {
            if ("environment".equals(difference.get("field")) && difference.get("bundled") != null) {
                environment.putAll(stringMap(map(difference.get("bundled")).get(service)));
            }
        }
        return fillValues(environment, vars);
    }

    /**
     * The container's whole environment: the template keys (an allowed difference), then what the
     * installer writes for "always" and the flag set's conditions, then the compose file's
     * environment, each overriding the one before. A null value is not checked.
     */
    Map<String, String> effectiveEnvironment(String service, List<String> conditions, Map<String, String> vars) {
        Map<String, String> expected = new LinkedHashMap<>();
        Object envFile = service(service).get("env_file");
        if (envFile != null) {
            expected.putAll(templateKeys(envFile.toString()));
            Map<String, Object> written = map(map(root.get("env_files")).get(envFile.toString()));
            for (Map.Entry<String, Object> condition : written.entrySet()) {
                if (condition.getKey().equals("always") || conditions.contains(condition.getKey())) {
                    expected.putAll(stringMap(condition.getValue()));
                }
            }
            expected.putAll(conditionalKeys(envFile.toString(), conditions));
        }
        expected = fillValues(expected, vars);
        expected.putAll(composeEnvironment(service, vars));
        return expected;
    }

    /** The keys of an env file's template that reach the container (an allowed difference). */
    Map<String, String> templateKeys(String envFile) {
        for (Map<String, Object> difference : envFileDifferences(envFile)) {
            if (difference.get("template") != null) {
                return stringMap(difference.get("template"));
            }
        }
        return Map.of();
    }

    /**
     * The keys the installer writes to an env file, beyond upstream's, under a flag set's
     * conditions (an allowed difference with a {@code condition} and what is {@code written}).
     */
    Map<String, String> conditionalKeys(String envFile, List<String> conditions) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Map<String, Object> difference : envFileDifferences(envFile)) {
            if (difference.get("condition") != null
                    && conditions.contains(String.valueOf(difference.get("condition")))) {
                keys.putAll(stringMap(difference.get("written")));
            }
        }
        return keys;
    }

    private List<Map<String, Object>> envFileDifferences(String envFile) {
        return allowedDifferences().stream()
                .filter(d -> "environment".equals(d.get("field")) && envFile.equals(d.get("env_file")))
                .toList();
    }

    /** The env-file conditions the contract knows, for checking the flag sets. */
    Set<String> conditions() {
        Set<String> names = new TreeSet<>();
        map(root.get("env_files"))
                .values()
                .forEach(file -> names.addAll(map(file).keySet()));
        for (Map<String, Object> difference : allowedDifferences()) {
            if ("environment".equals(difference.get("field")) && difference.get("condition") != null) {
                names.add(String.valueOf(difference.get("condition")));
            }
        }
        return names;
    }

    Map<String, String> version(String name) {
        Map<String, Object> versions = map(root.get("versions"));
        if (!versions.containsKey(name)) {
            throw new IllegalArgumentException("the contract has no version '" + name + "'");
        }
        return stringMap(versions.get(name));
    }

    List<Map<String, Object>> allowedDifferences() {
        List<Map<String, Object>> differences = new ArrayList<>();
        for (Object entry : (List<?>) root.get("allowed_differences")) {
            differences.add(map(entry));
        }
        return differences;
    }

    Map<String, Object> services() {
        return map(root.get("services"));
    }

    private Map<String, Object> service(String name) {
        Object service = services().get(name);
        if (service == null) {
            throw new IllegalArgumentException("the contract has no service '" + name + "'");
        }
        return map(service);
    }

    private Optional<Map<String, Object>> allowedDifference(String service, String field) {
        return allowedDifferences().stream()
                .filter(d -> field.equals(d.get("field"))
                        && d.get("bundled") != null
                        && map(d.get("bundled")).containsKey(service))
                .findFirst();
    }

    private static Object bundledValue(Map<String, Object> difference, String service) {
        return map(difference.get("bundled")).get(service);
    }

    /** The contract's short forms, with the defaults of fields it leaves out. */
    static Object normalised(String field, Object value) {
        switch (field) {
            case "profiles", "volumes", "ports" -> {
                return sorted(stringList(value));
            }
            case "networks" -> {
                if (value == null) {
                    return Map.of("default", List.of());
                }
                Map<String, Object> networks = new TreeMap<>();
                map(value).forEach((name, aliases) -> networks.put(name, sorted(stringList(aliases))));
                return networks;
            }
            case "depends_on" -> {
                return new TreeMap<>(stringMap(value));
            }
            case "devices" -> {
                List<Object> devices = new ArrayList<>();
                if (value != null) {
                    for (Object device : (List<?>) value) {
                        Map<String, Object> d = map(device);
                        Map<String, Object> plain = new TreeMap<>();
                        plain.put("driver", String.valueOf(d.get("driver")));
                        plain.put("count", String.valueOf(d.get("count")));
                        plain.put("capabilities", sorted(stringList(d.get("capabilities"))));
                        devices.add(plain);
                    }
                }
                return devices;
            }
            case "healthcheck", "build" -> {
                if (value == null) {
                    return null;
                }
                Map<String, Object> plain = new TreeMap<>();
                map(value)
                        .forEach((key, v) ->
                                plain.put(key, v instanceof List<?> list ? stringList(list) : String.valueOf(v)));
                return plain;
            }
            default -> {
                return value == null ? null : String.valueOf(value);
            }
        }
    }

    /** Fills {name} placeholders in every string of a plain value; an unknown name is a contract error. */
    static Object fill(Object value, Map<String, String> vars) {
        if (value instanceof String text) {
            return fill(text, vars);
        }
        if (value instanceof List<?> list) {
            List<Object> filled = new ArrayList<>();
            list.forEach(item -> filled.add(fill(item, vars)));
            return filled;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> filled = new TreeMap<>();
            map.forEach((key, item) -> filled.put(key.toString(), fill(item, vars)));
            return filled;
        }
        return value;
    }

    static String fill(String text, Map<String, String> vars) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!vars.containsKey(name)) {
                throw new IllegalArgumentException(
                        "the contract uses {" + name + "}, which the flag set does not define");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(vars.get(name)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> fillValues(Map<String, String> values, Map<String, String> vars) {
        Map<String, String> filled = new LinkedHashMap<>();
        values.forEach((key, value) -> filled.put(key, value == null ? null : fill(value, vars)));
        return filled;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    static Map<String, String> stringMap(Object value) {
        Map<String, String> strings = new LinkedHashMap<>();
        map(value).forEach((key, v) -> strings.put(key, v == null ? null : String.valueOf(v)));
        return strings;
    }

    static List<String> stringList(Object value) {
        List<String> strings = new ArrayList<>();
        if (value != null) {
            ((List<?>) value).forEach(item -> strings.add(String.valueOf(item)));
        }
        return strings;
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }
}
