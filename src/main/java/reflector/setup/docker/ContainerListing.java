package reflector.setup.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every container as the engine lists it, mapped to {@link ContainerInfo}: Compose's labels, the
 * published ports and the health, read from the list entry where the engine puts it there and
 * inspected only where the list hides it. Nothing here reads the environment of a container (it
 * may carry secrets).
 */
final class ContainerListing {
    static final String PROJECT_LABEL = "com.docker.compose.project";
    static final String SERVICE_LABEL = "com.docker.compose.service";
    static final String WORKING_DIR_LABEL = "com.docker.compose.project.working_dir";

    private final DockerClient client;
    private final EngineErrors errors;

    ContainerListing(DockerClient client, EngineErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    List<ContainerInfo> containers() {
        List<Container> listed;
        try {
            listed = client.listContainersCmd().withShowAll(true).exec();
        } catch (RuntimeException e) {
            throw errors.failure("listing containers", e);
        }
        List<ContainerInfo> result = new ArrayList<>(listed.size());
        for (Container c : listed) {
            result.add(toInfo(c));
        }
        return List.copyOf(result);
    }

    private ContainerInfo toInfo(Container c) {
        Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
        String state = nullToEmpty(c.getState()).toLowerCase(Locale.ROOT);
        String status = nullToEmpty(c.getStatus());
        Optional<String> health = healthFromSummary(c.getRawValues().get("Health"));
        if (health.isEmpty()) {
            health = healthFromStatus(status);
        }
        if (health.isEmpty() && needsInspectForHealth(state, status)) {
            health = inspectHealth(c.getId());
        }
        return new ContainerInfo(
                c.getId(),
                name(c.getNames()),
                nullToEmpty(labels.get(PROJECT_LABEL)),
                nullToEmpty(labels.get(WORKING_DIR_LABEL)),
                nullToEmpty(labels.get(SERVICE_LABEL)),
                nullToEmpty(c.getImage()),
                nullToEmpty(c.getImageId()),
                state,
                health,
                status,
                ports(c.getPorts()));
    }

    static String name(String[] names) {
        if (names == null || names.length == 0 || names[0] == null) {
            return "";
        }
        String n = names[0];
        return n.startsWith("/") ? n.substring(1) : n;
    }

    /** Newer engines (API 1.52+) put {"Status": "healthy", ...} in the list entry itself. */
    static Optional<String> healthFromSummary(Object raw) {
        if (raw instanceof Map<?, ?> map && map.get("Status") instanceof String s) {
            return normalizeHealth(s);
        }
        return Optional.empty();
    }

    /**
     * The engine's Status text for a running container ends with the health when there is a
     * healthcheck: "Up 5 minutes (healthy)", "Up 2 seconds (health: starting)",
     * "Up 1 minute (unhealthy)". No suffix on a running container means no healthcheck.
     */
    static Optional<String> healthFromStatus(String status) {
        if (status == null) {
            return Optional.empty();
        }
        String s = status.trim();
        if (s.endsWith("(health: starting)")) {
            return Optional.of("starting");
        }
        if (s.endsWith("(unhealthy)")) {
            return Optional.of("unhealthy");
        }
        if (s.endsWith("(healthy)")) {
            return Optional.of("healthy");
        }
        return Optional.empty();
    }

    /**
     * A paused container's Status is "Up 3 minutes (Paused)", which hides the health: only then
     * is an inspect worth its request. Stopped containers report no health (a healthcheck only
     * runs while the container does).
     */
    static boolean needsInspectForHealth(String state, String status) {
        return "paused".equals(state) || (status != null && status.endsWith("(Paused)"));
    }

    private Optional<String> inspectHealth(String id) {
        try {
            InspectContainerResponse inspect = client.inspectContainerCmd(id).exec();
            HealthState h =
                    inspect.getState() == null ? null : inspect.getState().getHealth();
            return h == null ? Optional.empty() : normalizeHealth(h.getStatus());
        } catch (NotFoundException e) {
            return Optional.empty(); // removed since the list
        } catch (RuntimeException e) {
            throw errors.failure("inspecting container " + EngineErrors.shortId(id), e);
        }
    }

    private static Optional<String> normalizeHealth(String s) {
        if (s == null || s.isBlank() || "none".equalsIgnoreCase(s)) {
            return Optional.empty();
        }
        return Optional.of(s.toLowerCase(Locale.ROOT));
    }

    static List<PublishedPort> ports(ContainerPort[] ports) {
        if (ports == null) {
            return List.of();
        }
        Set<PublishedPort> result = new LinkedHashSet<>();
        for (ContainerPort p : ports) {
            if (p.getPublicPort() == null || p.getPublicPort() <= 0) {
                continue; // exposed, not published
            }
            result.add(new PublishedPort(
                    nullToEmpty(p.getIp()),
                    p.getPublicPort(),
                    p.getPrivatePort() == null ? 0 : p.getPrivatePort(),
                    p.getType() == null ? "tcp" : p.getType()));
        }
        return List.copyOf(result);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
