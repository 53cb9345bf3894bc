package reflector.setup.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.install.Host;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.report.CertificateStatus;
import reflector.setup.report.ContainerTable;

/** The deployment's containers, their state and health. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the deployment's containers, their state and health, and with a domain the certificate "
                + "Caddy serves and its expiry. Exit 0 when every container runs, none is unhealthy and a domain's "
                + "certificate is valid, 4 otherwise, 3 when nothing is deployed.")
public final class StatusCommand implements Callable<Integer> {
    private final Host host;

    @ParentCommand
    InstallCommand parent;

    public StatusCommand(Host host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        Deployment deployment = DeploymentLocator.locate(parent.deploymentDir(), host.env());
        try (Docker docker = host.docker().get()) {
            List<ContainerInfo> containers = docker.deploymentContainers(deployment);
            if (containers.isEmpty()) {
                throw DeploymentLocator.nothingDeployed(deployment);
            }
            host.out().print(ContainerTable.render(containers));
            Optional<CertificateStatus.Line> certificate = CertificateStatus.of(deployment.directory(), containers,
                    host.certificates(), host.clock().instant());
            certificate.ifPresent(line -> host.out().println(line.text()));
            host.out().flush();
            boolean allWell = containers.stream()
                    .allMatch(c -> c.running() && !c.health().map("unhealthy"::equals).orElse(false))
                    && certificate.map(CertificateStatus.Line::ok).orElse(true);
            return allWell ? ExitCode.OK.code() : ExitCode.SERVICE_FAILED.code();
        }
    }
}
