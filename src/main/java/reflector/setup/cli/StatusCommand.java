package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import reflector.setup.ExitCode;
import reflector.setup.Host;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.install.ContainerTable;
import reflector.setup.output.CommandOutput;
import reflector.setup.output.JsonDocument;

/** The deployment's containers, their state and health. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the deployment's containers, their state and health. Exit 0 when every container runs "
                + "and none is unhealthy, 4 otherwise, 3 when nothing is deployed.")
public final class StatusCommand implements Callable<Integer>, ProducesDocument {
    private final Host host;

    @ParentCommand
    InstallCommand parent;

    @Mixin
    FormatOption format = new FormatOption();

    public StatusCommand(Host host) {
        this.host = host;
    }

    @Override
    public String documentName() {
        return "status";
    }

    @Override
    public CommandOutput output() {
        return format.made();
    }

    @Override
    public Integer call() {
        CommandOutput output = format.output(host);
        Deployment deployment = DeploymentLocator.locate(parent.deploymentDir(), host.env());
        try (Docker docker = host.docker().get()) {
            List<ContainerInfo> containers = docker.deploymentContainers(deployment);
            if (containers.isEmpty()) {
                throw DeploymentLocator.nothingDeployed(deployment);
            }
            boolean allWell = containers.stream()
                    .allMatch(c -> c.running() && !c.health().map("unhealthy"::equals).orElse(false));
            ExitCode exitCode = allWell ? ExitCode.OK : ExitCode.SERVICE_FAILED;
            if (output.json()) {
                ObjectNode root = JsonDocument.start("status", exitCode,
                        allWell ? null : "a container is not running, or unhealthy");
                DeploymentDocument.describe(root, deployment);
                root.put("healthy", allWell);
                DeploymentDocument.containers(root, containers);
                output.document(root);
            } else {
                output.text(ContainerTable.render(containers));
            }
            return exitCode.code();
        }
    }
}
