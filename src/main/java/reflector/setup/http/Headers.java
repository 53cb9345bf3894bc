package reflector.setup.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Response headers by lower-case name; HttpURLConnection keeps the server's case, and the status line under null. */
final class Headers {
    private final Map<String, List<String>> byName;

    private Headers(Map<String, List<String>> byName) {
        this.byName = byName;
    }

    static Headers of(Map<String, List<String>> fields) {
        Map<String, List<String>> byName = new TreeMap<>();
        fields.forEach((name, values) -> {
            if (name != null) {
                byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                        .addAll(values);
            }
        });
        byName.replaceAll((name, values) -> List.copyOf(values));
        return new Headers(Collections.unmodifiableMap(byName));
    }

    Optional<String> first(String name) {
        List<String> values = byName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    Map<String, List<String>> all() {
        return byName;
    }
}
