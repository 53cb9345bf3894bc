package reflector.setup.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    DeploymentDirOption dir = new DeploymentDirOption();

    public DiagnoseCommand(Host host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        java.nio.file.Path deployment = dir.resolve();
        try (Docker docker = host.docker().get()) {
            EngineInfo engine = docker.engine();
            host.out().println("Docker " + engine.version() + " (API " + engine.apiVersion() + ") at " + docker.endpoint()
                    + "; runtimes " + String.join(", ", engine.runtimes()));
            host.out().println("Docker Compose " + docker.composeVersion().orElse("MISSING"));
            host.out().println("Deployment directory " + deployment);
            host.out().print(Diagnostics.report(docker, null, KnownSecrets.in(deployment)));
            host.out().flush();
            return ExitCode.OK.code();
        }
    }
}
