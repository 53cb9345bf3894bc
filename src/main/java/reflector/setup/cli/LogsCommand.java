package reflector.setup.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import reflector.setup.ExitCode;
import reflector.setup.Host;
import reflector.setup.InstallerException;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.install.KnownSecrets;
import reflector.setup.secrets.SecretMasker;

/** Recent log lines of one service or all, with the deployment's secrets masked. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print the last log lines of a service (or of every service), with secrets masked.")
public final class LogsCommand implements Callable<Integer> {
    private final Host host;

    @ParentCommand
    InstallCommand parent;

    @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "server, worker, beat, web, postgres, redis, gpu, cpu, ollama, ollama-cpu, garage or caddy.")
    String service;

    @Option(names = "--tail", paramLabel = "LINES", defaultValue = "100", description = "How many lines per service (default: ${DEFAULT-VALUE}).")
    int tail;

    public LogsCommand(Host host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        if (tail < 1 || tail > 100_000) {
            throw InstallerException.badInput("--tail: give a number from 1 to 100000");
        }
        SecretMasker masker = KnownSecrets.in(parent.deploymentDir());
        Deployment deployment = DeploymentLocator.locate(parent.deploymentDir(), host.env());
        try (Docker docker = host.docker().get()) {
            List<ContainerInfo> all = docker.deploymentContainers(deployment);
            if (all.isEmpty()) {
                throw DeploymentLocator.nothingDeployed(deployment);
            }
            List<ContainerInfo> containers = all.stream().filter(c -> service == null || service.equals(c.service())).toList();
            if (containers.isEmpty()) {
                throw InstallerException.badInput("no container for service '" + service + "' in this deployment (project "
                        + deployment.project() + ")");
            }
            for (ContainerInfo container : containers) {
                if (service == null) {
                    host.out().println("==== " + container.service() + " (" + container.status() + ") ====");
                }
                String logs = masker.maskAll(docker.logs(container.id(), tail));
                host.out().print(logs.isEmpty() || logs.endsWith("\n") ? logs : logs + "\n");
            }
            host.out().flush();
            return ExitCode.OK.code();
        }
    }
}
