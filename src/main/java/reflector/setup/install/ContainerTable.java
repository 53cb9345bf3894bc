package reflector.setup.install;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import reflector.setup.docker.ContainerInfo;

/** The deployment's containers as a table, like `docker compose ps -a`. */
public final class ContainerTable {
    private ContainerTable() {
    }

    public static String render(List<ContainerInfo> containers) {
        if (containers.isEmpty()) {
            return "(no containers)\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "STATE", "HEALTH", "STATUS", "PORTS"});
        for (ContainerInfo container : containers) {
            rows.add(new String[] {container.service(), container.state(), container.health().orElse("-"),
                    container.status(), container.ports().stream()
                            .map(p -> p.hostIp() + ":" + p.hostPort() + "/" + p.protocol())
                            .distinct().limit(4).collect(Collectors.joining(", "))});
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
