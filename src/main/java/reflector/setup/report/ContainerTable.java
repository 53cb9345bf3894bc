package reflector.setup.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IntSummaryStatistics;
import java.util.List;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.PublishedPort;

/** The deployment's containers as a table, like `docker compose ps -a`. */
public final class ContainerTable {
    private ContainerTable() {}

    /** TCP ports one by one, a UDP range as first-last; IPv4 and IPv6 bindings of a port shown once. */
    static String ports(List<PublishedPort> ports) {
        List<String> tcp = ports.stream()
                .filter(p -> "tcp".equals(p.protocol()))
                .sorted(Comparator.comparingInt(PublishedPort::hostPort))
                .map(p -> (p.hostIp().contains(":") ? "0.0.0.0" : p.hostIp()) + ":" + p.hostPort())
                .distinct()
                .toList();
        IntSummaryStatistics udp = ports.stream()
                .filter(p -> "udp".equals(p.protocol()))
                .mapToInt(PublishedPort::hostPort)
                .summaryStatistics();
        List<String> shown = new ArrayList<>(tcp);
        if (udp.getCount() > 0) {
            shown.add(
                    udp.getMin() == udp.getMax() ? udp.getMin() + "/udp" : udp.getMin() + "-" + udp.getMax() + "/udp");
        }
        return String.join(", ", shown);
    }

    public static String render(List<ContainerInfo> containers) {
        if (containers.isEmpty()) {
            return "(no containers)\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "STATE", "HEALTH", "STATUS", "PORTS"});
        for (ContainerInfo container : containers) {
            rows.add(new String[] {
                container.service(),
                container.state(),
                container.health().orElse("-"),
                container.status(),
                ports(container.ports())
            });
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
