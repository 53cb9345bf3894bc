package reflector.setup.preflight;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.docker.PublishedPort;

/** The host ports the chosen profiles publish are free, or this deployment's own (held by one of its containers); the holder is named. */
final class PortCheck implements PreflightCheck {
    private final HostPortHolder holders;

    PortCheck() {
        this(HostPortHolder.SYSTEM);
    }

    /** Tests keep the machine's real ports out with a stand-in lookup. */
    PortCheck(HostPortHolder holders) {
        this.holders = holders;
    }

    @Override
    public String name() {
        return "ports";
    }

    @Override
    public CheckResult run(PreflightContext context) {
        return ports(
                ComposeFileCheck.inspect(context).publishedPorts(), context.docker(), context.deployment(), holders);
    }

    /** Who holds a host port outside Docker: empty when it is free. */
    @FunctionalInterface
    interface HostPortHolder {
        Optional<String> holder(HostPort port);

        HostPortHolder SYSTEM = port -> PortProbe.probe(port) == PortProbe.State.IN_USE
                ? Optional.of(PortProbe.owner(port).orElse("another program"))
                : Optional.empty();
    }

    static CheckResult ports(List<HostPort> wanted, Docker docker, Deployment deployment, HostPortHolder holders) {
        Map<String, String> heldByContainers = new LinkedHashMap<>();
        // A service that already has a container here owns its ports, whatever state the container
        // is in: a restarting one has no published ports listed but its proxies may still hold them.
        Set<String> ourServices = new HashSet<>();
        // A port one of this deployment's containers publishes is ours too: a service switched to
        // another kind (gpu to cpu, ollama to ollama-cpu) takes over its ports, which the services
        // step frees before `up` by removing the switched-off container.
        Set<String> ourPorts = new HashSet<>();
        for (ContainerInfo container : docker.containers()) {
            if (deployment.owns(container)) {
                ourServices.add(container.service());
                container.ports().forEach(port -> ourPorts.add(port.hostPort() + "/" + port.protocol()));
                continue;
            }
            if (container.running()) {
                for (PublishedPort port : container.ports()) {
                    heldByContainers.putIfAbsent(
                            port.hostPort() + "/" + port.protocol(),
                            "container " + container.name() + owner(container));
                }
            }
        }
        // The 101 WebRTC ports are reported as one range, the others one by one.
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (HostPort port : wanted) {
            if (ourServices.contains(port.service()) || ourPorts.contains(port.label())) {
                continue;
            }
            Optional<String> holder =
                    Optional.ofNullable(heldByContainers.get(port.label())).or(() -> holders.holder(port));
            if (holder.isPresent()) {
                String what = "udp".equals(port.protocol())
                        ? "WebRTC ports 50000-50100/udp (for server)"
                        : port.label() + " (for " + port.service() + ")";
                problems.computeIfAbsent(what, key -> new ArrayList<>()).add(holder.get());
            }
        }
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>();
            problems.forEach((what, owners) -> lines.add(
                    what + " " + (owners.size() > 1 ? owners.size() + " of them " : "") + "held by " + owners.get(0)));
            return CheckResult.fail("ports", String.join("; ", lines));
        }
        return CheckResult.pass("ports", "free or already this deployment's");
    }

    /** Names the other deployment a container belongs to: its project and directory. */
    private static String owner(ContainerInfo container) {
        if (container.project().isEmpty()) {
            return "";
        }
        return " (of another deployment: Compose project " + container.project()
                + (container.workingDir().isEmpty() ? "" : " in " + container.workingDir()) + ")";
    }
}
