package reflector.setup.report;

import java.util.List;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.secrets.SecretMasker;

/**
 * What went wrong, as the original printed it on failure: the container table, the last 30 log
 * lines of every stopped container and the last 40 of the failing service; every secret masked.
 */
public final class Diagnostics {
    static final int STOPPED_TAIL = 30;
    static final int FAILING_TAIL = 40;

    private Diagnostics() {}

    public static String report(Docker docker, Deployment deployment, String failingService, SecretMasker masker) {
        StringBuilder out = new StringBuilder();
        List<ContainerInfo> containers = docker.deploymentContainers(deployment);
        out.append("---- containers ----\n").append(ContainerTable.render(containers));
        for (ContainerInfo container : containers) {
            boolean failing = container.service().equals(failingService);
            if (container.stopped() && !failing) {
                appendLogs(out, docker, container, STOPPED_TAIL, masker);
            }
        }
        containers.stream()
                .filter(c -> c.service().equals(failingService))
                .findFirst()
                .ifPresent(container -> appendLogs(out, docker, container, FAILING_TAIL, masker));
        return out.toString();
    }

    private static void appendLogs(
            StringBuilder out, Docker docker, ContainerInfo container, int lines, SecretMasker masker) {
        out.append("---- last ")
                .append(lines)
                .append(" log lines of ")
                .append(container.service())
                .append(" (")
                .append(container.status())
                .append(") ----\n");
        String logs;
        try {
            logs = docker.logs(container.id(), lines);
        } catch (RuntimeException e) {
            logs = "(could not read the logs: " + e.getMessage() + ")";
        }
        String masked = masker.maskAll(logs);
        out.append(masked.isEmpty() ? "(no output)\n" : masked.endsWith("\n") ? masked : masked + "\n");
    }
}
