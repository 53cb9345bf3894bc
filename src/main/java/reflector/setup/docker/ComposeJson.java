package reflector.setup.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the installer reads from `docker compose`'s JSON output: the published ports, and Compose's version. */
final class ComposeJson {
    /** Made when this class is first used: a config-only run, which only needs ComposeCli.commandLine, never loads Jackson. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private ComposeJson() {
    }

    /** The published ports of `docker compose config --format json`, of the services of the active profiles. */
    static Map<String, List<PublishedPort>> publishedPorts(String configJson, List<String> activeProfiles) throws IOException {
        return parsePublishedPorts(JSON.readTree(configJson), activeProfiles);
    }

    /** Services whose profiles are not active are left out: without interpolation Compose lists them all. */
    static Map<String, List<PublishedPort>> parsePublishedPorts(JsonNode config, List<String> activeProfiles) {
        Map<String, List<PublishedPort>> ports = new java.util.TreeMap<>();
        config.path("services").properties().forEach(service -> {
            JsonNode serviceProfiles = service.getValue().path("profiles");
            boolean active = serviceProfiles.isEmpty();
            for (JsonNode profile : serviceProfiles) {
                active |= activeProfiles.contains(profile.asText());
            }
            if (!active) {
                return;
            }
            List<PublishedPort> published = new ArrayList<>();
            for (JsonNode port : service.getValue().path("ports")) {
                String hostPorts = port.path("published").asText("");
                if (hostPorts.isEmpty()) {
                    continue;
                }
                // "8000" or a range "8000-8010" onto consecutive container ports
                String[] range = hostPorts.split("-", 2);
                int first = Integer.parseInt(range[0].strip());
                int last = range.length == 2 ? Integer.parseInt(range[1].strip()) : first;
                int target = port.path("target").asInt(0);
                for (int hostPort = first; hostPort <= last; hostPort++) {
                    published.add(new PublishedPort(port.path("host_ip").asText("0.0.0.0"), hostPort,
                            target == 0 ? 0 : target + hostPort - first, port.path("protocol").asText("tcp")));
                }
            }
            ports.put(service.getKey(), published);
        });
        return ports;
    }

    /** The "version" field of `docker compose version --format json`, without a leading v. */
    static Optional<String> version(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            JsonNode v = node.get("version");
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                return Optional.empty();
            }
            String s = v.asText().trim();
            if (s.startsWith("v") || s.startsWith("V")) {
                s = s.substring(1);
            }
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
