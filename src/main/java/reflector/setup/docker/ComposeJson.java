package reflector.setup.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import reflector.setup.text.Sha256;

/** What the installer reads from `docker compose`'s JSON output: the published ports, the builds, and Compose's version. */
final class ComposeJson {
    /** Made when this class is first used: a config-only run, which only needs ComposeCli.commandLine, never loads Jackson. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private ComposeJson() {}

    /**
     * The deployment as `docker compose config --format json` gives it; the builds only when it
     * was interpolated (without, their contexts are still variables).
     */
    static ComposeConfig config(String configJson, String project, List<String> activeProfiles, boolean interpolated)
            throws IOException {
        JsonNode config = JSON.readTree(configJson);
        if (!interpolated) {
            return ComposeConfig.asWritten(parsePublishedPorts(config, activeProfiles));
        }
        return new ComposeConfig(
                true,
                parsePublishedPorts(config, activeProfiles),
                parseBuilds(config, project, activeProfiles),
                parseImages(config, project, activeProfiles),
                Sha256.hex(configJson));
    }

    /** The image each service of the active profiles runs: its own, else the one Compose names for its build. */
    static Map<String, String> parseImages(JsonNode config, String project, List<String> activeProfiles) {
        Map<String, String> images = new TreeMap<>();
        config.path("services").properties().forEach(service -> {
            if (active(service.getValue(), activeProfiles)) {
                images.put(service.getKey(), image(service.getKey(), service.getValue(), project));
            }
        });
        return images;
    }

    private static String image(String name, JsonNode service, String project) {
        String image = service.path("image").asText("");
        return image.isEmpty() ? project + "-" + name : image;
    }

    /** The services of the active profiles that have a build section, with the image each tags. */
    static Map<String, ImageBuild> parseBuilds(JsonNode config, String project, List<String> activeProfiles)
            throws IOException {
        ObjectMapper canonical = JSON.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        Map<String, ImageBuild> builds = new TreeMap<>();
        for (Map.Entry<String, JsonNode> service : config.path("services").properties()) {
            JsonNode build = service.getValue().path("build");
            if (!build.isObject() || !active(service.getValue(), activeProfiles)) {
                continue;
            }
            builds.put(
                    service.getKey(),
                    new ImageBuild(
                            image(service.getKey(), service.getValue(), project),
                            build.path("context").asText("."),
                            build.path("dockerfile").asText("Dockerfile"),
                            canonical.writeValueAsString(canonical.treeToValue(build, Object.class))));
        }
        return builds;
    }

    private static boolean active(JsonNode service, List<String> activeProfiles) {
        JsonNode serviceProfiles = service.path("profiles");
        boolean active = serviceProfiles.isEmpty();
        for (JsonNode profile : serviceProfiles) {
            active |= activeProfiles.contains(profile.asText());
        }
        return active;
    }

    /** Services whose profiles are not active are left out: without interpolation Compose lists them all. */
    static Map<String, List<PublishedPort>> parsePublishedPorts(JsonNode config, List<String> activeProfiles) {
        Map<String, List<PublishedPort>> ports = new TreeMap<>();
        config.path("services").properties().forEach(service -> {
            if (!active(service.getValue(), activeProfiles)) {
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
                    published.add(new PublishedPort(
                            port.path("host_ip").asText("0.0.0.0"),
                            hostPort,
                            target == 0 ? 0 : target + hostPort - first,
                            port.path("protocol").asText("tcp")));
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
