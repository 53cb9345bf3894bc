package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import reflector.setup.core.ExitCode;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.docker.EngineInfo;
import reflector.setup.install.Host;
import reflector.setup.output.CommandOutput;
import reflector.setup.output.JsonDocument;
import reflector.setup.report.Diagnostics;
import reflector.setup.secrets.KnownSecrets;
import reflector.setup.secrets.SecretMasker;

/** Everything worth attaching to a bug report, with every secret masked. */
@Command(
        name = "diagnose",
        mixinStandardHelpOptions = true,
        description =
                "Print the engine and Compose versions, the containers and the logs of stopped ones, with secrets "
                        + "masked: safe to paste into a bug report.")
public final class DiagnoseCommand extends DayTwoCommand {

    @Mixin
    FormatOption format = new FormatOption();

    public DiagnoseCommand(Host host) {
        super(host);
    }

    @Override
    public String documentName() {
        return "diagnose";
    }

    @Override
    public CommandOutput output() {
        return format.made();
    }

    @Override
    public Integer call() {
        CommandOutput output = format.output(host);
        Deployment deployment = deployment();
        SecretMasker masker = KnownSecrets.in(parent.deploymentDir());
        try (Docker docker = docker()) {
            EngineInfo engine = docker.engine();
            String compose = docker.composeVersion().orElse("MISSING");
            List<ContainerInfo> containers = docker.deploymentContainers(deployment);
            String report = Diagnostics.report(docker, deployment, null, masker);
            if (containers.isEmpty()) {
                // Said in the failure: exit 3, and the same facts for the report.
                output.text(header(engine, docker.endpoint(), compose, deployment) + report);
                throw DeploymentLocator.nothingDeployed(deployment);
            }
            if (output.json()) {
                ObjectNode root = JsonDocument.start("diagnose", ExitCode.OK, null);
                DeploymentDocument.describe(root, deployment);
                ObjectNode engineNode = root.putObject("engine");
                engineNode
                        .put("version", engine.version())
                        .put("apiVersion", engine.apiVersion())
                        .put("endpoint", docker.endpoint());
                engine.runtimes().forEach(engineNode.putArray("runtimes")::add);
                root.put("composeVersion", compose);
                DeploymentDocument.containers(root, containers);
                root.put("report", report);
                output.document(root);
            } else {
                output.text(header(engine, docker.endpoint(), compose, deployment) + report);
            }
            return ExitCode.OK.code();
        }
    }

    private static String header(EngineInfo engine, String endpoint, String compose, Deployment deployment) {
        return "Docker " + engine.version() + " (API " + engine.apiVersion() + ") at " + endpoint + "; runtimes "
                + String.join(", ", engine.runtimes()) + "\n"
                + "Docker Compose " + compose + "\n"
                + "Deployment directory " + deployment.directory() + ", Compose project " + deployment.project() + "\n"
                + "Reflector " + RecordedVersion.describe(deployment.directory()) + "\n";
    }
}
