package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.docker.LogRequest;
import reflector.setup.install.Host;
import reflector.setup.output.CommandOutput;
import reflector.setup.output.JsonDocument;
import reflector.setup.secrets.KnownSecrets;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.text.SafeText;

/** Log lines of some services or all, with the deployment's secrets masked; --follow keeps printing new ones. */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        resourceBundle = "reflector.setup.cli.LogsHelp",
        description = "Print the log lines of the given services (default: every service), with secrets masked. "
                + "--follow keeps printing new lines until the services stop or you press Ctrl-C.")
public final class LogsCommand extends DayTwoCommand {

    @Mixin
    FormatOption format = new FormatOption();

    @Parameters(arity = "0..*", paramLabel = "SERVICE", descriptionKey = "service")
    List<String> services = new ArrayList<>();

    @Option(
            names = "--tail",
            paramLabel = "LINES",
            defaultValue = "100",
            description = "How many of the last lines per service, or all (default: ${DEFAULT-VALUE}).")
    String tail;

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            description =
                    "Only lines since then: a duration back (10m, 2h, 1d), a time (2026-11-30T08:00:00Z) or a day.")
    String since;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new lines (text output only).")
    boolean follow;

    public LogsCommand(Host host) {
        super(host);
    }

    @Override
    public String documentName() {
        return "logs";
    }

    @Override
    public CommandOutput output() {
        return format.made();
    }

    @Override
    public Integer call() throws InterruptedException {
        CommandOutput output = format.output(host);
        LogRequest request = request();
        if (follow && output.json()) {
            throw InstallerException.badInput("--follow prints lines as they come; --output json prints one document "
                    + "at the end: use one of them");
        }
        for (String service : services) {
            if (!service.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
                throw InstallerException.badInput("SERVICE: " + SafeText.quote(service)
                        + " is not a service name (such as server, web or garage)");
            }
        }
        SecretMasker masker = KnownSecrets.in(parent.deploymentDir());
        Deployment deployment = deployment();
        try (Docker docker = docker()) {
            List<ContainerInfo> containers = selected(deployedContainers(docker, deployment), deployment);
            if (follow) {
                follow(docker, containers, request, masker);
            } else if (output.json()) {
                ObjectNode root = JsonDocument.start("logs", ExitCode.OK, null);
                DeploymentDocument.describe(root, deployment);
                ArrayNode list = root.putArray("containers");
                for (ContainerInfo container : containers) {
                    ObjectNode node = list.addObject()
                            .put("service", container.service())
                            .put("name", container.name())
                            .put("state", container.state());
                    ArrayNode lines = node.putArray("lines");
                    docker.logs(container.id(), request, line -> lines.add(masker.maskAll(line)));
                }
                output.document(root);
            } else {
                for (ContainerInfo container : containers) {
                    if (containers.size() > 1) {
                        host.out().println("==== " + container.service() + " (" + container.status() + ") ====");
                    }
                    docker.logs(container.id(), request, line -> host.out().println(masker.maskAll(line)));
                }
                host.out().flush();
            }
            return ExitCode.OK.code();
        }
    }

    private LogRequest request() {
        int lines;
        if (tail.equalsIgnoreCase("all")) {
            lines = -1;
        } else {
            try {
                lines = Integer.parseInt(tail.strip());
            } catch (NumberFormatException e) {
                lines = 0;
            }
            if (lines < 1 || lines > 100_000) {
                throw InstallerException.badInput("--tail: give a number from 1 to 100000, or all");
            }
        }
        Optional<Instant> from;
        try {
            from = Optional.ofNullable(since)
                    .map(text -> SinceOption.parse(text, host.clock().instant()));
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput(e.getMessage());
        }
        return new LogRequest(lines, from, follow);
    }

    private List<ContainerInfo> selected(List<ContainerInfo> all, Deployment deployment) {
        TreeSet<String> known =
                new TreeSet<>(all.stream().map(ContainerInfo::service).toList());
        List<String> unknown =
                services.stream().filter(service -> !known.contains(service)).toList();
        if (!unknown.isEmpty()) {
            throw InstallerException.badInput("no container for service "
                    + String.join(", ", unknown.stream().map(SafeText::quote).toList())
                    + " in this deployment (project " + deployment.project() + "); its services are "
                    + String.join(", ", known));
        }
        return all.stream()
                .filter(container -> services.isEmpty() || services.contains(container.service()))
                .toList();
    }

    /** One reader per container; with several, each line is prefixed with its service, as Compose does. */
    private void follow(Docker docker, List<ContainerInfo> containers, LogRequest request, SecretMasker masker)
            throws InterruptedException {
        int width = containers.stream()
                .mapToInt(container -> container.service().length())
                .max()
                .orElse(0);
        List<Thread> readers = new ArrayList<>();
        for (ContainerInfo container : containers) {
            String prefix = containers.size() > 1 ? String.format("%-" + width + "s | ", container.service()) : "";
            Thread reader = new Thread(
                    () -> docker.logs(container.id(), request, line -> {
                        synchronized (host.out()) {
                            host.out().println(prefix + masker.maskAll(line));
                            host.out().flush();
                        }
                    }),
                    "logs-" + container.service());
            reader.setDaemon(true);
            reader.start();
            readers.add(reader);
        }
        for (Thread reader : readers) {
            reader.join();
        }
    }
}
