package reflector.setup.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import reflector.setup.InstallerException;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.ModelMode;
import reflector.setup.config.OllamaMode;
import reflector.setup.config.Settings;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.docker.EngineInfo;
import reflector.setup.docker.PublishedPort;
import reflector.setup.preflight.CheckResult;
import reflector.setup.preflight.HostPort;
import reflector.setup.preflight.PortProbe;

/**
 * Named preflight checks: the engine answers and is new enough, Compose V2 is there, the GPU is
 * usable when asked for, the compose file is present, the host ports are free or already ours,
 * and there is enough disk and memory. A failure stops the run (exit 3) unless
 * --ignore-preflight names it; in a dry run failures are only reported.
 */
public final class PrerequisitesStep implements Step {
    public static final List<String> CHECK_NAMES = List.of(
            "docker-engine", "engine-version", "compose", "compose-file", "gpu", "ports", "disk", "memory");

    /** start_interval in the compose file's healthchecks needs Engine 25 (API 1.44). */
    static final int[] MIN_ENGINE = {25, 0};
    static final int[] MIN_COMPOSE = {2, 20};
    static final long GIB = 1024L * 1024 * 1024;

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
            results.add(CheckResult.fail("docker-engine", e.getMessage()
                    + "; start Docker (e.g. `sudo systemctl start docker`) or point DOCKER_HOST at it"));
            for (String name : CHECK_NAMES.subList(1, CHECK_NAMES.size())) {
                results.add(CheckResult.notChecked(name, "needs the Docker engine"));
            }
            return results;
        }
        results.add(engineVersion(engine));
        results.add(compose(docker));
        results.add(composeFile(context));
        results.add(gpu(settings, engine));
        results.add(ports(settings, docker));
        results.add(disk(settings, engine));
        results.add(memory(settings, engine));
        return results;
    }

    static CheckResult engineVersion(EngineInfo engine) {
        if (atLeast(engine.version(), MIN_ENGINE)) {
            return CheckResult.pass("engine-version", engine.version() + " >= " + MIN_ENGINE[0] + "." + MIN_ENGINE[1]);
        }
        return CheckResult.fail("engine-version", "Docker Engine " + engine.version() + " is too old; "
                + MIN_ENGINE[0] + "." + MIN_ENGINE[1] + " or newer is needed (healthcheck start_interval)");
    }

    static CheckResult compose(Docker docker) {
        Optional<String> version = docker.composeVersion();
        if (version.isEmpty()) {
            return CheckResult.fail("compose", "`docker compose` (Compose V2) is missing; install the docker-compose-plugin "
                    + "package (the old docker-compose V1 is not enough)");
        }
        if (!atLeast(version.get(), MIN_COMPOSE)) {
            return CheckResult.fail("compose", "Docker Compose " + version.get() + " is too old; "
                    + MIN_COMPOSE[0] + "." + MIN_COMPOSE[1] + " or newer is needed");
        }
        return CheckResult.pass("compose", "Docker Compose " + version.get());
    }

    /** The bundle step, which runs next, writes a missing compose file; anything else in its place is a problem. */
    private static CheckResult composeFile(StepContext context) {
        Path file = context.workspace().path(DeploymentFiles.COMPOSE_FILE);
        if (Files.isRegularFile(file)) {
            return Files.isReadable(file) ? CheckResult.pass("compose-file", file.toString())
                    : CheckResult.fail("compose-file", file + " is not readable by this user");
        }
        if (Files.exists(file)) {
            return CheckResult.fail("compose-file", file + " is not a regular file");
        }
        return CheckResult.pass("compose-file", "missing; it is written from the bundle");
    }

    static CheckResult gpu(Settings settings, EngineInfo engine) {
        boolean needed = settings.modelMode() == ModelMode.GPU || settings.ollamaMode() == OllamaMode.GPU;
        if (!needed) {
            return CheckResult.notChecked("gpu", "no GPU asked for");
        }
        boolean nvidiaRuntime = engine.runtimes().contains("nvidia");
        boolean cdi = engine.cdiSpecDirs().stream().anyMatch(PrerequisitesStep::hasNvidiaCdiSpec);
        if (!nvidiaRuntime && !cdi) {
            return CheckResult.fail("gpu", "Docker has neither the nvidia runtime nor NVIDIA CDI devices; install the "
                    + "NVIDIA Container Toolkit and run `sudo nvidia-ctk runtime configure --runtime=docker`");
        }
        Optional<String> smi = runNvidiaSmi();
        if (smi.isPresent()) {
            return CheckResult.fail("gpu", smi.get());
        }
        return CheckResult.pass("gpu", "nvidia-smi works; Docker has " + (nvidiaRuntime ? "the nvidia runtime" : "NVIDIA CDI devices"));
    }

    private static boolean hasNvidiaCdiSpec(String dir) {
        try (var files = Files.list(Path.of(dir))) {
            return files.anyMatch(f -> f.getFileName().toString().contains("nvidia"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Empty when nvidia-smi ran fine, else what went wrong. */
    private static Optional<String> runNvidiaSmi() {
        Path output = null;
        try {
            // Output goes to a file so that a hung nvidia-smi cannot block the read: the timeout holds.
            output = Files.createTempFile("reflector-setup-nvidia-smi", ".txt");
            Process process = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("nvidia-smi did not answer within 30 s");
            }
            String firstLine = Files.readString(output).lines().findFirst().orElse("exit " + process.exitValue());
            return process.exitValue() == 0 ? Optional.empty() : Optional.of("nvidia-smi failed: " + firstLine);
        } catch (IOException e) {
            return Optional.of("nvidia-smi is not installed: install the NVIDIA driver");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while running nvidia-smi");
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** Who holds a host port outside Docker: empty when it is free. */
    @FunctionalInterface
    interface HostPortHolder {
        Optional<String> holder(HostPort port);

        HostPortHolder SYSTEM = port -> PortProbe.probe(port) == PortProbe.State.IN_USE
                ? Optional.of(PortProbe.owner(port).orElse("another program")) : Optional.empty();
    }

    static CheckResult ports(Settings settings, Docker docker) {
        return ports(settings, docker, HostPortHolder.SYSTEM);
    }

    static CheckResult ports(Settings settings, Docker docker, HostPortHolder holders) {
        Map<String, String> heldByContainers = new LinkedHashMap<>();
        // A service that already has a container here owns its ports, whatever state the container
        // is in: a restarting one has no published ports listed but its proxies may still hold them.
        Set<String> ourServices = new HashSet<>();
        for (ContainerInfo container : docker.containers()) {
            if (DeploymentFiles.PROJECT.equals(container.project())) {
                ourServices.add(container.service());
                continue;
            }
            if (container.running()) {
                for (PublishedPort port : container.ports()) {
                    heldByContainers.putIfAbsent(port.hostPort() + "/" + port.protocol(), "container " + container.name()
                            + (container.project().isEmpty() ? "" : " (project " + container.project() + ")"));
                }
            }
        }
        // The 101 WebRTC ports are reported as one range, the others one by one.
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (HostPort port : HostPort.forProfiles(settings.profiles())) {
            if (ourServices.contains(port.service())) {
                continue;
            }
            Optional<String> holder = Optional.ofNullable(heldByContainers.get(port.label())).or(() -> holders.holder(port));
            if (holder.isPresent()) {
                String what = "udp".equals(port.protocol()) ? "WebRTC ports 50000-50100/udp (for server)"
                        : port.label() + " (for " + port.service() + ")";
                problems.computeIfAbsent(what, key -> new ArrayList<>()).add(holder.get());
            }
        }
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>();
            problems.forEach((what, owners) -> lines.add(what + " " + (owners.size() > 1 ? owners.size() + " of them " : "")
                    + "held by " + owners.get(0)));
            return CheckResult.fail("ports", String.join("; ", lines));
        }
        return CheckResult.pass("ports", "free or already this deployment's");
    }

    static CheckResult disk(Settings settings, EngineInfo engine) {
        long recommended = 50 * GIB;
        Path root = Path.of(engine.dockerRootDir() == null || engine.dockerRootDir().isEmpty() ? "/var/lib/docker" : engine.dockerRootDir());
        try {
            Path existing = root;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return CheckResult.notChecked("disk", "cannot see " + root + " from here");
            }
            long free = Files.getFileStore(existing).getUsableSpace();
            if (free < recommended) {
                return CheckResult.warn("disk", (free / GIB) + " GiB free under " + root + "; 50 GiB or more is "
                        + "recommended for images, models and recordings");
            }
            return CheckResult.pass("disk", (free / GIB) + " GiB free under " + root);
        } catch (IOException | SecurityException e) {
            return CheckResult.notChecked("disk", "cannot read free space of " + root);
        }
    }

    static CheckResult memory(Settings settings, EngineInfo engine) {
        long recommended = (settings.modelMode() == ModelMode.GPU ? 16 : 32) * GIB;
        long memory = engine.memoryBytes();
        if (memory <= 0) {
            return CheckResult.notChecked("memory", "the engine did not report its memory");
        }
        if (memory < recommended) {
            return CheckResult.warn("memory", (memory / GIB) + " GiB of memory; " + (recommended / GIB) + " GiB or more is "
                    + "recommended for " + settings.modelMode().service() + " mode");
        }
        return CheckResult.pass("memory", (memory / GIB) + " GiB");
    }

    /** Compares the leading major.minor of versions like "26.1.5+dfsg1" or "v2.26.1-desktop.1". */
    static boolean atLeast(String version, int[] minimum) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
        if (!matcher.find()) {
            return false;
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        return major > minimum[0] || (major == minimum[0] && minor >= minimum[1]);
    }
}
