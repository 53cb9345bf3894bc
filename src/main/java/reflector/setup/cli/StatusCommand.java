package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import reflector.setup.core.ExitCode;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.install.Host;
import reflector.setup.output.CommandOutput;
import reflector.setup.output.JsonDocument;
import reflector.setup.report.CertificateStatus;
import reflector.setup.report.ContainerTable;
import reflector.setup.report.PublicRetentionJson;
import reflector.setup.text.SafeText;

/** The deployment's containers, their state and health, its schema and certificate. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the deployment's containers, their state and health, the database schema against the "
                + "server's migrations, with a domain the certificate Caddy serves and its expiry, and for a public "
                + "instance after how many days its backend deletes anonymous transcripts. Exit 0 when every container "
                + "runs, none is unhealthy, the schema is the server's and a domain's certificate is valid, 4 otherwise, "
                + "3 when nothing is deployed.")
public final class StatusCommand extends DayTwoCommand {

    @Mixin
    FormatOption format = new FormatOption();

    public StatusCommand(Host host) {
        super(host);
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
        Deployment deployment = deployment();
        try (Docker docker = docker()) {
            List<ContainerInfo> containers = deployedContainers(docker, deployment);
            Optional<CertificateStatus.Line> certificate = CertificateStatus.of(
                    deployment.directory(),
                    containers,
                    host.certificates(),
                    host.clock().instant());
            SchemaStatus schema = SchemaStatus.of(docker, deployment, containers);
            boolean allWell = containers.stream()
                            .allMatch(c -> c.running()
                                    && !c.health().map("unhealthy"::equals).orElse(false))
                    && certificate.map(CertificateStatus.Line::ok).orElse(true)
                    && !schema.state().broken();
            ExitCode exitCode = allWell ? ExitCode.OK : ExitCode.SERVICE_FAILED;
            StatusRetention retention = StatusRetention.of(deployment.directory());
            schema.warnings().forEach(warning -> host.err().println("WARNING: " + SafeText.oneLine(warning)));
            host.err().flush();
            if (output.json()) {
                ObjectNode root = JsonDocument.start(
                        "status",
                        exitCode,
                        allWell
                                ? null
                                : "a container is not running or unhealthy, the certificate is not valid, or the database schema "
                                        + "is not the server's");
                DeploymentDocument.describe(root, deployment);
                root.put("healthy", allWell);
                DeploymentDocument.containers(root, containers);
                certificate.ifPresent(line -> root.put("certificate", line.text()));
                schema.json(root);
                PublicRetentionJson.put(root, retention.retention());
                output.document(root);
            } else {
                output.text(ContainerTable.render(containers)
                        + certificate.map(line -> line.text() + "\n").orElse("")
                        + schema.text()
                        + retention.line().map(line -> line + "\n").orElse(""));
            }
            return exitCode.code();
        }
    }
}
