package reflector.setup.steps;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import reflector.setup.docker.ComposeConfig;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Docker;
import reflector.setup.files.FileKind;
import reflector.setup.files.Workspace;

/**
 * What the last `docker compose up` left running, recorded in {@value #FILE}: the fingerprint of
 * the configuration it was given and each service's container. When the configuration has the
 * same fingerprint and every service still runs in that container, on the image its reference
 * names now, `up` would change nothing: Compose recreates a container only when its configuration
 * or image changed, and starts one only when it is not running. Then `up` is not run.
 */
final class StartedServices {
    static final String FILE = "data/started-services";
    private static final String HEADER = "# The containers reflector-setup last started with `docker compose up`, and a"
            + " hash of the\n# configuration they were given. Deleting this file makes the next run run `up` again.\n";
    private static final String CONFIG = "config";

    private final String configFingerprint;
    private final Map<String, String> containerIds;

    private StartedServices(String configFingerprint, Map<String, String> containerIds) {
        this.configFingerprint = configFingerprint;
        this.containerIds = containerIds;
    }

    static StartedServices read(Workspace workspace) {
        String fingerprint = "";
        Map<String, String> ids = new TreeMap<>();
        for (String line : workspace.read(FILE).orElse("").split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length != 2 || line.startsWith("#")) {
                continue;
            }
            if (fields[0].equals(CONFIG)) {
                fingerprint = fields[1];
            } else {
                ids.put(fields[0], fields[1]);
            }
        }
        return new StartedServices(fingerprint, ids);
    }

    /** Whether `up` would leave everything as it is (see the class comment). */
    boolean unchanged(ComposeConfig config, List<ContainerInfo> containers, Docker docker) {
        if (config.fingerprint().isEmpty()
                || !config.fingerprint().equals(configFingerprint)
                || config.images().isEmpty()
                || !config.images().keySet().equals(containerIds.keySet())) {
            return false;
        }
        for (Map.Entry<String, String> service : config.images().entrySet()) {
            List<ContainerInfo> own = containers.stream()
                    .filter(c -> c.service().equals(service.getKey()))
                    .toList();
            if (own.size() != 1
                    || !own.get(0).running()
                    || !own.get(0).id().equals(containerIds.get(service.getKey()))) {
                return false;
            }
            Optional<String> image = docker.imageId(service.getValue());
            if (image.isEmpty() || !image.get().equals(own.get(0).imageId())) {
                return false;
            }
        }
        return true;
    }

    /** The record of what `up` just started. */
    static void stage(Workspace workspace, ComposeConfig config, List<ContainerInfo> containers) {
        StringBuilder text = new StringBuilder(HEADER)
                .append(CONFIG)
                .append(' ')
                .append(config.fingerprint())
                .append('\n');
        Map<String, String> ids = new TreeMap<>();
        for (ContainerInfo container : containers) {
            if (config.images().containsKey(container.service())) {
                ids.merge(container.service(), container.id(), (first, second) -> "several");
            }
        }
        ids.forEach((service, id) -> text.append(service).append(' ').append(id).append('\n'));
        workspace.stage(FILE, text.toString(), FileKind.SECRET);
    }
}
