package reflector.setup.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.install.Host;
import reflector.setup.output.Console;

/**
 * What every day-two command starts from: the host, the install command's --dir and --log-file,
 * the deployment found in --dir and Docker.
 */
abstract class DayTwoCommand implements Callable<Integer>, ProducesDocument {
    final Host host;

    @ParentCommand
    InstallCommand parent;

    DayTwoCommand(Host host) {
        this.host = host;
    }

    /** The deployment in --dir, with its Compose project named as the installer and Compose name it. */
    Deployment deployment() {
        return DeploymentLocator.locate(parent.deploymentDir(), host.env());
    }

    /** Docker, connected; the caller closes it. */
    Docker docker() {
        return host.docker().get();
    }

    /** The console of this command's --verbose or --quiet, which also writes to --log-file. */
    Console console(OutputOptions verbosity) {
        return verbosity.console(host, parent.log());
    }

    /** The deployment's containers; none means that nothing is deployed (exit 3), whatever else runs on the engine. */
    static List<ContainerInfo> deployedContainers(Docker docker, Deployment deployment) {
        List<ContainerInfo> containers = docker.deploymentContainers(deployment);
        if (containers.isEmpty()) {
            throw DeploymentLocator.nothingDeployed(deployment);
        }
        return containers;
    }
}
