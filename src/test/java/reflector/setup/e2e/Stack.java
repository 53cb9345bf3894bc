package reflector.setup.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What Docker itself says about the deployment's containers (read with the docker CLI, not the installer). */
final class Stack {
    record Container(String id, String service, String state, String health) {
    }

    private Stack() {
    }

    static Map<String, Container> containers() {
        Shell.Result ps = Shell.run("docker", "ps", "-a", "--no-trunc", "--filter", "label=com.docker.compose.project=reflector",
                "--format", "{{.ID}}\t{{.Label \"com.docker.compose.service\"}}\t{{.State}}\t{{.Status}}");
        if (ps.exitCode() != 0) {
            throw new AssertionError("docker ps failed: " + ps);
        }
        Map<String, Container> containers = new LinkedHashMap<>();
        for (String line : ps.out().strip().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t");
            String status = fields[3];
            String health = status.contains("(healthy)") ? "healthy" : status.contains("(unhealthy)") ? "unhealthy"
                    : status.contains("(health: starting)") ? "starting" : "none";
            containers.put(fields[1], new Container(fields[0], fields[1], fields[2], health));
        }
        return containers;
    }

    static Map<String, String> ids() {
        Map<String, String> ids = new LinkedHashMap<>();
        containers().forEach((service, container) -> ids.put(service, container.id()));
        return ids;
    }

    /** Removes every container, network and volume of the deployment, also after a failed test. */
    static void tearDown() {
        List<String> ids = new ArrayList<>(ids().values());
        if (!ids.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("docker", "rm", "-f", "-v"));
            command.addAll(ids);
            Shell.run(Map.of(), 120, command);
        }
        Shell.run(Map.of(), 60, List.of("sh", "-c",
                "docker volume ls -q --filter label=com.docker.compose.project=reflector | xargs -r docker volume rm -f;"
                        + " docker network ls -q --filter label=com.docker.compose.project=reflector | xargs -r docker network rm"));
    }
}
