package reflector.setup.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Docker itself says about one test deployment's containers (read with the docker CLI, not
 * the installer). Every test deployment has a Compose project name of its own, so a teardown
 * removes only what that test made.
 */
final class Stack {
    record Container(String id, String service, String state, String health) {}

    private final String project;

    Stack(String project) {
        if (!project.startsWith("rse2e")) {
            throw new IllegalArgumentException("test projects are named rse2e...; refusing to touch " + project);
        }
        this.project = project;
    }

    String project() {
        return project;
    }

    Map<String, Container> containers() {
        Shell.Result ps = Shell.run(
                "docker",
                "ps",
                "-a",
                "--no-trunc",
                "--filter",
                "label=com.docker.compose.project=" + project,
                "--format",
                "{{.ID}}\t{{.Label \"com.docker.compose.service\"}}\t{{.State}}\t{{.Status}}");
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
            String health = status.contains("(healthy)")
                    ? "healthy"
                    : status.contains("(unhealthy)")
                            ? "unhealthy"
                            : status.contains("(health: starting)") ? "starting" : "none";
            containers.put(fields[1], new Container(fields[0], fields[1], fields[2], health));
        }
        return containers;
    }

    /** The containers once no healthcheck is still "starting", or as they are after {@code seconds}. */
    Map<String, Container> awaitNoHealthStarting(int seconds) throws InterruptedException {
        Map<String, Container> containers = containers();
        for (int waited = 0;
                waited < seconds && containers.values().stream().anyMatch(c -> "starting".equals(c.health()));
                waited++) {
            Thread.sleep(1000);
            containers = containers();
        }
        return containers;
    }

    Map<String, String> ids() {
        Map<String, String> ids = new LinkedHashMap<>();
        containers().forEach((service, container) -> ids.put(service, container.id()));
        return ids;
    }

    /** The project's volumes, by name. */
    List<String> volumes() {
        Shell.Result ls =
                Shell.run("docker", "volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + project);
        return ls.out().lines().filter(line -> !line.isBlank()).sorted().toList();
    }

    /** Removes this project's containers, networks and volumes, also after a failed test; nothing else. */
    void tearDown() {
        List<String> ids = new ArrayList<>(ids().values());
        if (!ids.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("docker", "rm", "-f", "-v"));
            command.addAll(ids);
            Shell.run(Map.of(), 120, command);
        }
        String label = "label=com.docker.compose.project=" + project;
        Shell.run(
                Map.of(),
                60,
                List.of(
                        "sh",
                        "-c",
                        "docker volume ls -q --filter " + label + " | xargs -r docker volume rm -f;"
                                + " docker network ls -q --filter " + label + " | xargs -r docker network rm"));
    }
}
