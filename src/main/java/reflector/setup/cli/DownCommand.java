package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reflector.setup.catalog.Service;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.install.Host;
import reflector.setup.install.RunLock;
import reflector.setup.output.CommandOutput;
import reflector.setup.output.Console;
import reflector.setup.output.JsonDocument;

/** Stops the deployment: its containers go, its data stays (unless --volumes, confirmed). */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = {
            "Stop and remove the deployment's containers and network. The volumes (database, recordings, "
                    + "Garage's objects, models) are kept: a re-run of the install starts it again with its data.",
            "--volumes also destroys the volumes: it lists them and needs --yes (or, on a terminal, the project's "
                    + "name typed); without either it stops with exit 2 and changes nothing."
        })
public final class DownCommand extends DayTwoCommand {

    @Mixin
    FormatOption format = new FormatOption();

    @Mixin
    OutputOptions verbosity = new OutputOptions();

    @Option(names = "--volumes", description = "Also destroy the deployment's volumes: every piece of its data.")
    boolean volumes;

    @Option(names = "--yes", description = "Confirm --volumes without being asked.")
    boolean yes;

    @Option(names = "--non-interactive", description = Confirmation.NON_INTERACTIVE)
    boolean nonInteractive;

    public DownCommand(Host host) {
        super(host);
    }

    @Override
    public String documentName() {
        return "down";
    }

    @Override
    public CommandOutput output() {
        return format.made();
    }

    /** Under the run lock from the first look at the containers to the end: what is listed is what goes down. */
    @Override
    @SuppressWarnings("try") // the lock is held while the deployment goes down
    public Integer call() {
        CommandOutput output = format.output(host);
        Console console = console(verbosity);
        Deployment deployment = deployment();
        try (RunLock lock = RunLock.acquire(deployment.directory());
                Docker docker = docker()) {
            List<ContainerInfo> containers = docker.deploymentContainers(deployment);
            List<String> projectVolumes = docker.volumes(deployment.project());
            if (containers.isEmpty() && (!volumes || projectVolumes.isEmpty())) {
                throw DeploymentLocator.nothingDeployed(deployment);
            }
            if (volumes && !projectVolumes.isEmpty()) {
                Confirmation.require(
                        host,
                        yes,
                        nonInteractive,
                        "down --volumes destroys " + projectVolumes.size() + " volumes of project "
                                + deployment.project() + ", and every piece of data in them: "
                                + String.join(", ", projectVolumes),
                        deployment.project());
            }
            if (!containers.isEmpty()) {
                console.info("stopping and removing " + containers.size() + " containers of project "
                        + deployment.project());
                try {
                    docker.compose(
                                    deployment,
                                    Service.profilesOf(containers.stream()
                                            .map(ContainerInfo::service)
                                            .toList()),
                                    line -> console.detail(line))
                            .down();
                } catch (DockerOperationException e) {
                    throw new InstallerException(
                            ExitCode.SERVICE_FAILED, "docker compose down failed: " + e.getMessage(), e);
                }
            }
            if (volumes) {
                for (String volume : projectVolumes) {
                    console.info("removing volume " + volume);
                    docker.removeVolume(volume);
                }
            }
            report(output, deployment, containers, projectVolumes);
            return ExitCode.OK.code();
        }
    }

    private void report(
            CommandOutput output, Deployment deployment, List<ContainerInfo> containers, List<String> projectVolumes) {
        if (output.json()) {
            ObjectNode root = JsonDocument.start("down", ExitCode.OK, null);
            DeploymentDocument.describe(root, deployment);
            ArrayNode removed = root.putArray("removedContainers");
            containers.forEach(container -> removed.add(container.name()));
            ArrayNode removedVolumes = root.putArray("removedVolumes");
            ArrayNode keptVolumes = root.putArray("keptVolumes");
            projectVolumes.forEach(volume -> (volumes ? removedVolumes : keptVolumes).add(volume));
            output.document(root);
            return;
        }
        StringBuilder text = new StringBuilder();
        text.append("Stopped and removed ")
                .append(containers.size())
                .append(" containers of project ")
                .append(deployment.project())
                .append(".\n");
        if (volumes) {
            text.append(
                    projectVolumes.isEmpty()
                            ? "There were no volumes.\n"
                            : "Destroyed the volumes " + String.join(", ", projectVolumes) + ".\n");
        } else {
            text.append("The volumes are kept (")
                    .append(projectVolumes.size())
                    .append("); the install, run again in ")
                    .append(deployment.directory())
                    .append(", starts the deployment with its data.\n");
        }
        output.text(text.toString());
    }
}
