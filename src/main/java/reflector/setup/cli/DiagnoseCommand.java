package reflector.setup.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import reflector.setup.ExitCode;
import reflector.setup.Host;
import reflector.setup.docker.Docker;
import reflector.setup.docker.EngineInfo;
import reflector.setup.install.Diagnostics;
import reflector.setup.install.KnownSecrets;

/** Everything worth attaching to a bug report, with every secret masked. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Print the engine and Compose versions, the containers and the logs of stopped ones, with secrets "
                + "masked: safe to paste into a bug report.")
public final class DiagnoseCommand implements Callable<Integer> {
    private final Host host;

    @ParentCommand
    InstallCommand parent;

    public DiagnoseCommand(Host host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        reflector.setup.docker.Deployment deployment = DeploymentLocator.locate(parent.deploymentDir(), host.env());
        try (Docker docker = host.docker().get()) {
            EngineInfo engine = docker.engine();
            host.out().println("Docker " + engine.version() + " (API " + engine.apiVersion() + ") at " + docker.endpoint()
                    + "; runtimes " + String.join(", ", engine.runtimes()));
            host.out().println("Docker Compose " + docker.composeVersion().orElse("MISSING"));
            host.out().println("Deployment directory " + deployment.directory() + ", Compose project " + deployment.project());
            host.out().println("Reflector " + RecordedVersion.describe(deployment.directory()));
            boolean deployed = !docker.deploymentContainers(deployment).isEmpty();
            host.out().print(Diagnostics.report(docker, deployment, null, KnownSecrets.in(parent.deploymentDir())));
            host.out().flush();
            if (!deployed) {
                throw DeploymentLocator.nothingDeployed(deployment);
            }
            return ExitCode.OK.code();
        }
    }
}
