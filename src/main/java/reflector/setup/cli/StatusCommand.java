package reflector.setup.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import reflector.setup.ExitCode;
import reflector.setup.Host;
import reflector.setup.InstallerException;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Docker;
import reflector.setup.install.ContainerTable;

/** The deployment's containers, their state and health. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the deployment's containers, their state and health. Exit 0 when every container runs "
                + "and none is unhealthy, 4 otherwise, 3 when nothing is deployed.")
public final class StatusCommand implements Callable<Integer> {
    private final Host host;

    @Mixin
    DeploymentDirOption dir = new DeploymentDirOption();

    public StatusCommand(Host host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        // The project name is fixed, so status does not read the directory; a bad --dir is still refused.
        dir.resolve();
        try (Docker docker = host.docker().get()) {
            List<ContainerInfo> containers = docker.projectContainers(DeploymentFiles.PROJECT);
            host.out().print(ContainerTable.render(containers));
            host.out().flush();
            if (containers.isEmpty()) {
                throw InstallerException.environment("nothing is deployed (project " + DeploymentFiles.PROJECT
                        + "); run reflector-setup to install");
            }
            boolean allWell = containers.stream()
                    .allMatch(c -> c.running() && !c.health().map("unhealthy"::equals).orElse(false));
            return allWell ? ExitCode.OK.code() : ExitCode.SERVICE_FAILED.code();
        }
    }
}
