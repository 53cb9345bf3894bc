package reflector.setup.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import reflector.setup.InstallerException;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.Settings;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.docker.EngineInfo;
import reflector.setup.preflight.CheckResult;
import reflector.setup.preflight.DockerAdvice;
import reflector.setup.preflight.GpuCheck;
import reflector.setup.preflight.HostPort;
import reflector.setup.preflight.PortCheck;
import reflector.setup.preflight.ResourceChecks;
import reflector.setup.preflight.VersionChecks;

/**
 * Named preflight checks: the engine answers and is new enough, Compose V2 is there, the GPU is
 * usable when asked for, the compose file is readable by Compose (or about to be written from the
 * bundle), the host ports it publishes are free or already ours,
 * and there is enough disk and memory. A failure stops the run (exit 3) unless
 * --ignore-preflight names it; in a dry run failures are only reported.
 */
public final class PrerequisitesStep implements Step {
    public static final List<String> CHECK_NAMES = List.of(
            "docker-engine", "engine-version", "compose", "project", "compose-file", "gpu", "ports", "disk", "memory");

    @Override
    public String name() {
        return "prerequisites";
    }

    @Override
    public String description() {
        return "preflight checks (Docker, Compose, GPU, ports, disk, memory)";
    }

    @Override
    public void run(StepContext context) {
        List<CheckResult> results = check(context);
        List<String> failures = new ArrayList<>();
        for (CheckResult result : results) {
            switch (result.status()) {
                case PASS -> context.console().info("ok   " + result.name() + ": " + result.message());
                case NOT_CHECKED -> context.console().info("--   " + result.name() + ": " + result.message());
                case WARN -> context.warn(result.name() + ": " + result.message());
                case FAIL -> {
                    if (context.settings().preflightIgnored(result.name())) {
                        context.warn(result.name() + " (ignored by --ignore-preflight): " + result.message());
                    } else if (context.dryRun()) {
                        context.warn(result.name() + " would fail: " + result.message());
                    } else {
                        context.console().error(result.name() + ": " + result.message());
                        failures.add(result.name());
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            throw InstallerException.environment("preflight failed: " + String.join(", ", failures)
                    + " (see above; --ignore-preflight " + String.join(",", failures) + " goes on anyway)");
        }
    }

    List<CheckResult> check(StepContext context) {
        Settings settings = context.settings();
        List<CheckResult> results = new ArrayList<>();
        Docker docker;
        EngineInfo engine;
        try {
            docker = context.docker();
            engine = docker.engine();
            results.add(CheckResult.pass("docker-engine", "Docker " + engine.version() + " (API " + engine.apiVersion()
                    + ") at " + docker.endpoint()));
        } catch (DockerUnavailableException e) {
            results.add(CheckResult.fail("docker-engine", e.getMessage() + "; " + DockerAdvice.unavailable(e)));
            for (String name : CHECK_NAMES.subList(1, CHECK_NAMES.size())) {
                results.add(CheckResult.notChecked(name, "needs the Docker engine"));
            }
            return results;
        }
        results.add(VersionChecks.engineVersion(engine));
        results.add(VersionChecks.compose(docker, engine));
        results.add(projectOwnership(context, docker));
        ComposeFileCheck composeFile = composeFile(context);
        results.add(composeFile.result());
        results.add(GpuCheck.gpu(settings, engine));
        results.add(PortCheck.ports(composeFile.publishedPorts(), docker, context.deployment()));
        results.add(ResourceChecks.disk(settings, engine));
        results.add(ResourceChecks.memory(settings, engine));
        return results;
    }

    /**
     * Compose scopes containers and volumes by project name alone: a second directory with the same
     * name would take over the first deployment's containers and data.
     */
    private static CheckResult projectOwnership(StepContext context, Docker docker) {
        String project = context.settings().project().name();
        return docker.containers().stream().filter(context.deployment()::sharesNameWith).findFirst()
                .map(other -> CheckResult.fail("project", "Compose project " + project + " belongs to the deployment in "
                        + other.workingDir() + "; give this one another name with --project-name"))
                .orElseGet(() -> CheckResult.pass("project", project + " (" + context.settings().project().source() + ")"));
    }

    private record ComposeFileCheck(CheckResult result, List<HostPort> publishedPorts) {
    }

    /**
     * The compose file must make sense to Compose; its ports are the ones to check. A missing file
     * is fine: the bundle step, which runs next, writes the bundled one.
     */
    private static ComposeFileCheck composeFile(StepContext context) {
        Settings settings = context.settings();
        List<HostPort> bundled = HostPort.forProfiles(settings.profiles());
        Path file = context.workspace().path(DeploymentFiles.COMPOSE_FILE);
        if (!Files.exists(file)) {
            return new ComposeFileCheck(CheckResult.pass("compose-file", "missing; it is written from the bundle"), bundled);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return new ComposeFileCheck(CheckResult.fail("compose-file", file + " is not a readable file"), bundled);
        }
        ServicePorts servicePorts = context.servicePorts();
        if (servicePorts == ServicePorts.BUNDLED) {
            return new ComposeFileCheck(CheckResult.notChecked("compose-file", "its ports could not be read (see the "
                    + "warning); checking the bundled ones, and the services step validates the file"), bundled);
        }
        List<HostPort> ports = new ArrayList<>();
        servicePorts.published().forEach((service, published) -> published.forEach(port ->
                ports.add(new HostPort(service, port.hostIp(), port.hostPort(), port.protocol()))));
        return new ComposeFileCheck(CheckResult.pass("compose-file", file.toString()), ports);
    }

}
