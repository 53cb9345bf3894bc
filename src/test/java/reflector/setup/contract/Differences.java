package reflector.setup.contract;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The differences between the contract and what Compose reports, collected for one flag set and
 * reported together, one line each: service, field, expected, actual.
 */
final class Differences {
    private final List<String> lines = new ArrayList<>();

    void add(String line) {
        lines.add(line);
    }

    void compare(String service, String field, Object expected, Object actual) {
        if (Objects.equals(expected, actual)) {
            return;
        }
        String where = service + ": " + field + ": ";
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            lines.add(where + mapDifference(e, a));
        } else if (expected instanceof Collection<?> e && actual instanceof Collection<?> a) {
            lines.add(where + "expected " + show(expected) + ", actual " + show(actual) + "; missing " + minus(e, a)
                    + ", unexpected " + minus(a, e));
        } else {
            lines.add(where + "expected " + show(expected) + ", actual " + show(actual));
        }
    }

    /** Fields that are set although the contract says nothing about them (upstream leaves them unset). */
    void uncovered(String service, Set<String> fields) {
        for (String field : fields) {
            lines.add(
                    service + ": " + field + ": set, but upstream does not set it and the contract does not cover it");
        }
    }

    /**
     * Every expected key with its value ("/regex/" matched whole, null not checked), and no key
     * that is not expected.
     */
    void compareEnvironment(String service, String field, Map<String, String> expected, Map<String, String> actual) {
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            String where = service + ": " + field + "." + key + ": ";
            if (!expected.containsKey(key)) {
                lines.add(where + "not expected (neither upstream nor the installer sets it), actual "
                        + show(actual.get(key)));
            } else if (expected.get(key) == null) {
                continue;
            } else if (!actual.containsKey(key)) {
                lines.add(where + "expected " + show(expected.get(key)) + ", actual missing");
            } else if (!matches(expected.get(key), actual.get(key))) {
                lines.add(where + "expected " + show(expected.get(key)) + ", actual " + show(actual.get(key)));
            }
        }
    }

    void assertNone(Object flagSet, Path dir) {
        if (!lines.isEmpty()) {
            fail(lines.size() + " difference(s) from the upstream stack (" + StackContract.RESOURCE + ") for " + flagSet
                    + ", in " + dir + ":\n  " + String.join("\n  ", lines));
        }
    }

    private static boolean matches(String expected, String actual) {
        if (expected.length() > 1 && expected.startsWith("/") && expected.endsWith("/")) {
            return actual != null
                    && Pattern.compile(expected.substring(1, expected.length() - 1))
                            .matcher(actual)
                            .matches();
        }
        return expected.equals(actual);
    }

    private static String show(Object value) {
        if (value == null) {
            return "(none)";
        }
        return value instanceof String ? "'" + value + "'" : value.toString();
    }

    /** Only the entries that differ, so that a long map stays readable. */
    private static String mapDifference(Map<?, ?> expected, Map<?, ?> actual) {
        List<String> parts = new ArrayList<>();
        Set<Object> keys =
                new TreeSet<>(expected.keySet().stream().map(Object::toString).toList());
        actual.keySet().forEach(key -> keys.add(key.toString()));
        for (Object key : keys) {
            if (!actual.containsKey(key)) {
                parts.add(key + " expected " + show(expected.get(key)) + ", actual missing");
            } else if (!expected.containsKey(key)) {
                parts.add(key + " not expected, actual " + show(actual.get(key)));
            } else if (!Objects.equals(expected.get(key), actual.get(key))) {
                parts.add(key + " expected " + show(expected.get(key)) + ", actual " + show(actual.get(key)));
            }
        }
        return String.join("; ", parts);
    }

    private static Set<Object> minus(Collection<?> from, Collection<?> other) {
        Set<Object> rest = new LinkedHashSet<>(from);
        rest.removeAll(other);
        return rest;
    }
}
