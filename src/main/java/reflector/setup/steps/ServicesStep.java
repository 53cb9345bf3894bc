package reflector.setup.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import reflector.setup.catalog.Service;
import reflector.setup.config.ComponentSwitch;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.config.PullPolicy;
import reflector.setup.config.Settings;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.ComposeCli;
import reflector.setup.docker.ComposeConfig;
import reflector.setup.docker.ComposeProject;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.docker.DockerUnavailableException;

/**
 * Builds the model image (it is specific to the host's hardware) while the backend and frontend
 * images are pulled (or, with --build, builds those too), then `compose up`. Reports which
 * containers were created or recreated; a re-run with nothing changed recreates none.
 *
 * <p>A re-run skips what would change nothing, each a docker CLI and Compose start (and for a
 * remote Git context a fetch) it saves: the build of an image made here from the same sources
 * ({@link BuiltImages}), and `up` when the configuration, images and containers are as the last
 * `up` left them ({@link StartedServices}).
 */
public final class ServicesStep implements Step {
    public static final String BACKEND_REPOSITORY = "monadicalsas/reflector-backend";
    public static final String FRONTEND_REPOSITORY = "monadicalsas/reflector-frontend";
    static final Duration PULL_TIMEOUT = Duration.ofMinutes(30);
    /** How long a switched-off service may take to stop before it is killed (as `docker compose stop`'s default). */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "services";
    }

    @Override
    public String description() {
        return "build, pull and start the services";
    }

    @Override
    public void run(StepContext context) throws Exception {
        Settings settings = context.settings();
        DeploymentSettings deployment = settings.deployment();
        String model = deployment.modelMode().service();
        List<String> builds = new ArrayList<>(List.of(model));
        if (settings.buildsApplicationImages()) {
            // worker and beat run the server's image: building it once per service would tag it
            // anew each time, and a re-run would then recreate containers that did not change.
            builds.addAll(List.of("server", "web"));
        }
        if (context.dryRun()) {
            String composeFile = DeploymentFiles.composeFile(context.workspace().dir());
            context.planned("run: "
                    + ComposeCli.commandLine(composeFile, deployment.profiles(), append(List.of("build"), builds))
                    + " (Reflector " + deployment.version().label()
                    + "), leaving out images built here from the same sources");
            if (!settings.buildsApplicationImages() && settings.run().pull() != PullPolicy.never) {
                context.planned("pull " + String.join(" and ", applicationImages(deployment))
                        + (settings.run().pull() == PullPolicy.missing ? " where missing" : "")
                        + " (at the same time as the build)");
            }
            context.planned(
                    "run: " + ComposeCli.commandLine(composeFile, deployment.profiles(), List.of("up", "--detach"))
                            + ", unless the configuration, images and containers are as the last up left them");
            planRemovals(context);
            if (deployment.caddy() && context.report().isCaddyConfigChanged()) {
                context.planned("restart caddy if it was running, to load the new Caddyfile");
            }
            return;
        }
        Docker docker = context.docker();
        ComposeProject compose = context.compose();
        ComposeConfig config = validConfig(context, compose);
        List<ContainerInfo> running = docker.deploymentContainers(context.deployment());
        Map<String, String> before = containerIds(running);

        BuiltImages built = BuiltImages.read(context.workspace());
        List<String> stale = built.stale(builds, config, docker);
        if (stale.size() < builds.size()) {
            context.note("not building "
                    + String.join(
                            ", ",
                            builds.stream().filter(s -> !stale.contains(s)).toList())
                    + ": built here from the same sources, and the image is still there");
        }
        buildWhilePulling(context, docker, compose, stale);
        built.recordBuilt(stale, config, docker);
        built.stage(context.workspace());
        // Before `up`: a service switched to another kind (gpu to cpu, ollama to ollama-cpu) publishes the same ports.
        running = removeSwitchedOff(context, docker, running);
        if (stale.isEmpty() && StartedServices.read(context.workspace()).unchanged(config, running, docker)) {
            context.note("not running compose up: the configuration, images and containers are as the last"
                    + " `up` left them");
        } else {
            context.console().info("starting services (profiles " + String.join(", ", deployment.profiles()) + ")");
            try {
                compose.up(List.of());
            } catch (DockerOperationException e) {
                throw new ServiceFailure(null, "docker compose up failed: " + e.getMessage(), e);
            }
            running = docker.deploymentContainers(context.deployment());
        }
        StartedServices.stage(context.workspace(), config, running);
        reportContainers(context, before, containerIds(running));
        restartCaddyForItsNewConfig(context, docker, before);
    }

    /**
     * Stops and removes the deployment's containers of the catalog's services that no active
     * profile runs any more: the components this run switches off (ComponentSwitch). Compose
     * leaves them running, as `up --remove-orphans` leaves every service of the compose file. Only
     * this deployment's containers are touched (its project and directory). Their volumes are
     * kept, named with the command that deletes them. Returns the containers that are left.
     */
    static List<ContainerInfo> removeSwitchedOff(StepContext context, Docker docker, List<ContainerInfo> containers) {
        List<String> profiles = context.deploymentSettings().profiles();
        List<ContainerInfo> off = containers.stream()
                .filter(container -> switchedOff(container.service(), profiles))
                .sorted(Comparator.comparing((ContainerInfo container) ->
                                Service.named(container.service()).orElseThrow())
                        .thenComparing(ContainerInfo::name))
                .toList();
        if (off.isEmpty()) {
            return containers;
        }
        Set<Service> services = EnumSet.noneOf(Service.class);
        for (ContainerInfo container : off) {
            Service service = Service.named(container.service()).orElseThrow();
            services.add(service);
            context.console()
                    .info("stopping and removing " + container.name() + ": " + service.serviceName()
                            + " is switched off");
            try {
                docker.removeContainer(container.id(), STOP_TIMEOUT);
            } catch (DockerOperationException e) {
                throw new ServiceFailure(
                        service.serviceName(),
                        "could not stop and remove " + container.name() + " (" + service.serviceName()
                                + " is switched off): " + e.getMessage(),
                        e);
            }
        }
        List<String> names = off.stream().map(ContainerInfo::name).toList();
        List<String> freed = Service.portsLeftFree(services, profiles);
        context.changed(Change.of(
                "remove-containers",
                names,
                "stop and remove containers " + String.join(", ", names)
                        + " ("
                        + String.join(
                                ", ",
                                services.stream().map(Service::serviceName).toList())
                        + " switched off: not among the profiles " + String.join(", ", profiles) + ")"
                        + (freed.isEmpty() ? "" : "; ports " + String.join(", ", freed) + " freed")));
        context.report().removedContainers(names);
        keptVolumes(
                context,
                Service.volumesLeftBehind(services, profiles),
                docker.volumes(context.deployment().project()));
        return docker.deploymentContainers(context.deployment());
    }

    /** Whether a container of this Compose service is one the deployment no longer runs. */
    static boolean switchedOff(String serviceName, List<String> profiles) {
        return Service.named(serviceName)
                .filter(service -> service.profile().isPresent() && !service.activeWith(profiles))
                .isPresent();
    }

    /**
     * Names the volumes left behind that exist ({@code existing}: the project's), as kept, with
     * the command that deletes them; in a dry run {@code existing} is null and every one is named.
     */
    private static void keptVolumes(StepContext context, List<String> leftBehind, List<String> existing) {
        String project = context.deployment().project();
        List<String> kept = leftBehind.stream()
                .map(volume -> project + "_" + volume)
                .filter(volume -> existing == null || existing.contains(volume))
                .toList();
        if (kept.isEmpty()) {
            return;
        }
        context.report().keptVolumes(kept);
        context.note((context.dryRun() ? "would keep" : "kept") + " the volume" + (kept.size() > 1 ? "s " : " ")
                + String.join(", ", kept) + ": nothing uses " + (kept.size() > 1 ? "them" : "it")
                + " now, and switching the component on again reuses " + (kept.size() > 1 ? "them" : "it")
                + "; to delete " + (kept.size() > 1 ? "them" : "it") + ": "
                + context.report().keptVolumesCommand().orElseThrow());
    }

    /** In a dry run: the removals the switches found (the switches step) would take. */
    private static void planRemovals(StepContext context) {
        List<String> profiles = context.deploymentSettings().profiles();
        Set<Service> services = EnumSet.noneOf(Service.class);
        for (ComponentSwitch change : context.report().switches()) {
            change.servicesOff().stream()
                    .filter(name -> switchedOff(name, profiles))
                    .map(name -> Service.named(name).orElseThrow())
                    .forEach(services::add);
        }
        for (Service service : services) {
            List<String> freed = Service.portsLeftFree(List.of(service), profiles);
            context.planned("stop and remove the " + service.serviceName() + " container (switched off), before up"
                    + (freed.isEmpty() ? "" : "; ports " + String.join(", ", freed) + " freed"));
        }
        if (!services.isEmpty()) {
            keptVolumes(context, Service.volumesLeftBehind(services, profiles), null);
        }
    }

    /**
     * The deployment's compose config, interpolated, which is the check `config --quiet` makes;
     * otherwise `config --quiet` runs to say what is wrong.
     */
    private static ComposeConfig validConfig(StepContext context, ComposeProject compose) {
        try {
            ComposeConfig config = context.composeConfig();
            if (config.interpolated()) {
                return config;
            }
        } catch (DockerOperationException e) {
            // config --quiet says why
        }
        String composeFile = DeploymentFiles.composeFile(context.workspace().dir());
        try {
            compose.validate();
        } catch (DockerOperationException e) {
            throw InstallerException.environment(composeFile + " is not valid: " + e.getMessage());
        }
        throw InstallerException.environment(composeFile + " is not valid: `docker compose config` "
                + "could not interpolate it; run it with -f " + composeFile + " to see why");
    }

    /**
     * Caddy reads its Caddyfile (and the files it names) only at start, and Compose does not
     * recreate a container because a bind-mounted file changed: a Caddy that `up` kept is
     * restarted so that it serves the new configuration (its certificates stay in its volume).
     */
    private static void restartCaddyForItsNewConfig(StepContext context, Docker docker, Map<String, String> before) {
        if (!context.deploymentSettings().caddy() || !context.report().isCaddyConfigChanged()) {
            return;
        }
        Optional<ContainerInfo> kept = docker.deploymentContainers(context.deployment()).stream()
                .filter(container -> Service.CADDY.serviceName().equals(container.service()) && container.running())
                .filter(container -> before.containsValue(container.id()))
                .findFirst();
        if (kept.isPresent()) {
            try {
                docker.restartContainer(kept.get().id(), Duration.ofSeconds(10));
                context.report().caddyRestarted(context.clock().instant());
            } catch (DockerOperationException e) {
                throw new ServiceFailure(
                        Service.CADDY.serviceName(),
                        "restarting Caddy for its new Caddyfile failed: " + e.getMessage(),
                        e);
            }
            context.changed("restart caddy to load the new Caddyfile");
        }
    }

    private static List<String> append(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static void buildWhilePulling(
            StepContext context, Docker docker, ComposeProject compose, List<String> builds)
            throws InterruptedException {
        ExecutorService pulls = Executors.newFixedThreadPool(2);
        PullProgress progress = new PullProgress(context.console());
        try {
            Map<String, Future<String>> pending = new LinkedHashMap<>();
            for (String image : imagesToPull(context.settings(), docker)) {
                pending.put(image, pulls.submit(() -> pull(docker, progress, image)));
            }
            if (!builds.isEmpty()) {
                context.console()
                        .info("building " + String.join(", ", builds)
                                + (pending.isEmpty() ? "" : " while pulling the backend and frontend images"));
                try {
                    compose.build(builds);
                } catch (DockerOperationException e) {
                    throw new ServiceFailure(
                            builds.get(0), "building " + String.join(", ", builds) + " failed: " + e.getMessage(), e);
                }
            }
            // Reported from this thread only: the step's record is not shared with the pulls.
            for (Map.Entry<String, Future<String>> pull : pending.entrySet()) {
                try {
                    String problem = pull.getValue().get();
                    if (problem == null) {
                        context.console().info("pulled " + pull.getKey());
                    } else {
                        context.warn(problem);
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof DockerUnavailableException gone) {
                        throw gone;
                    }
                    throw new ServiceFailure(
                            null,
                            "pulling " + pull.getKey() + " failed: "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        } finally {
            // Wait for interrupted pulls to stop before the Docker client is closed and diagnostics print.
            pulls.shutdownNow();
            pulls.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** The backend and frontend images of the deployment's Reflector version. */
    static List<String> applicationImages(DeploymentSettings deployment) {
        String tag = deployment.version().imageTag();
        return List.of(BACKEND_REPOSITORY + ":" + tag, FRONTEND_REPOSITORY + ":" + tag);
    }

    private static List<String> imagesToPull(Settings settings, Docker docker) {
        if (settings.buildsApplicationImages() || settings.run().pull() == PullPolicy.never) {
            return List.of();
        }
        return applicationImages(settings.deployment()).stream()
                .filter(image -> settings.run().pull() == PullPolicy.always || !docker.imageExists(image))
                .toList();
    }

    /**
     * Returns null when the pull worked, else the warning: a failed pull only warns and the local
     * image, if any, is used (as the original installer did).
     */
    private static String pull(Docker docker, PullProgress progress, String image) {
        try {
            docker.pull(image, progress.start(image), PULL_TIMEOUT);
            return null;
        } catch (DockerOperationException e) {
            return "could not pull " + image + ": " + e.getMessage()
                    + (docker.imageExists(image) ? "; using the local image" : "; there is no local image either");
        } finally {
            progress.finish(image);
        }
    }

    private static Map<String, String> containerIds(List<ContainerInfo> containers) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (ContainerInfo container : containers) {
            ids.put(container.name(), container.id());
        }
        return ids;
    }

    private static void reportContainers(StepContext context, Map<String, String> before, Map<String, String> after) {
        List<String> created = new ArrayList<>();
        List<String> recreated = new ArrayList<>();
        after.forEach((name, id) -> {
            String old = before.get(name);
            if (old == null) {
                created.add(name);
            } else if (!old.equals(id)) {
                recreated.add(name);
            }
        });
        if (!created.isEmpty()) {
            context.changed(Change.of("create-containers", created, "create containers " + String.join(", ", created)));
        }
        if (!recreated.isEmpty()) {
            context.changed(Change.of(
                    "recreate-containers",
                    recreated,
                    "recreate containers " + String.join(", ", recreated) + " (their configuration or image changed)"));
        }
        if (created.isEmpty() && recreated.isEmpty()) {
            context.note("all " + after.size() + " containers kept as they were (none created or recreated)");
        }
    }
}
