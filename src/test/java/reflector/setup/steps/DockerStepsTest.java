package reflector.setup.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.ModelMode;
import reflector.setup.config.PullPolicy;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.EngineInfo;
import reflector.setup.docker.ImageBuild;
import reflector.setup.docker.PublishedPort;
import reflector.setup.files.Workspace;
import reflector.setup.output.Console;
import reflector.setup.output.Verbosity;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.FakeDocker.Call;
import reflector.setup.support.SettingsBuilder;

/** The Docker-facing steps against an in-memory Docker: their decisions, without an engine. */
class DockerStepsTest {
    @TempDir
    Path dir;

    final FakeDocker docker = new FakeDocker();
    final StringWriter err = new StringWriter();

    Settings settings(ModelMode mode, Set<String> ignored, boolean build) {
        return SettingsBuilder.cpu(dir)
                .modelMode(mode)
                .build(build)
                .ignorePreflight(ignored)
                .build();
    }

    StepContext context(Settings settings) {
        return new StepContext(
                settings,
                new Workspace(dir, settings.run().dryRun()),
                new Console(new PrintWriter(err, true), Verbosity.NORMAL, false),
                () -> docker,
                new SecureRandom(),
                Clock.systemUTC(),
                new RunReport(),
                SecretMasker.empty());
    }

    StepContext begun(StepContext context, String step) {
        context.begin(context.report().start(step));
        return context;
    }

    @Test
    void anOldEngineFailsThePreflightWithExitThree() {
        docker.engine = new EngineInfo("20.10.24", "1.41", "/var/lib/docker", 64L << 30, Set.of("runc"), List.of());
        StepContext context = begun(context(settings(ModelMode.CPU, Set.of(), false)), "prerequisites");
        InstallerException failure = assertThrows(InstallerException.class, () -> new PrerequisitesStep().run(context));
        assertEquals(ExitCode.ENVIRONMENT, failure.exitCode());
        assertTrue(failure.getMessage().contains("engine-version"), failure.getMessage());
        assertTrue(err.toString().contains("20.10.24 is too old"), err.toString());
    }

    @Test
    void aMissingComposePluginIsNamed() {
        docker.composeVersion = Optional.empty();
        StepContext context = begun(context(settings(ModelMode.CPU, Set.of(), false)), "prerequisites");
        InstallerException failure = assertThrows(InstallerException.class, () -> new PrerequisitesStep().run(context));
        assertTrue(failure.getMessage().contains("compose"));
        assertTrue(err.toString().contains("Compose V2"), err.toString());
    }

    @Test
    void gpuModeWithoutTheNvidiaRuntimeFailsUnlessIgnored() throws Exception {
        StepContext strict = begun(context(settings(ModelMode.GPU, Set.of(), false)), "prerequisites");
        InstallerException failure = assertThrows(InstallerException.class, () -> new PrerequisitesStep().run(strict));
        assertTrue(failure.getMessage().contains("gpu"), failure.getMessage());

        StepContext lenient = begun(
                context(settings(ModelMode.GPU, Set.of("gpu", "compose-file", "ports", "memory", "disk"), false)),
                "prerequisites");
        new PrerequisitesStep().run(lenient);
        assertTrue(err.toString().contains("gpu (ignored by --ignore-preflight)"), err.toString());
    }

    @Test
    void thePreflightChecksThePortsTheComposeFilePublishes() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Files.writeString(dir.resolve("docker-compose.selfhosted.yml"), "services: {}\n");
            // The user moved the frontend to a port that something on this host already holds.
            docker.publishedPorts = Map.of("web", List.of(new PublishedPort("127.0.0.1", port, 3000, "tcp")));
            StepContext context = begun(context(settings(ModelMode.CPU, Set.of(), false)), "prerequisites");
            InstallerException failure =
                    assertThrows(InstallerException.class, () -> new PrerequisitesStep().run(context));
            assertTrue(failure.getMessage().contains("ports"), failure.getMessage());
            assertTrue(err.toString().contains(port + "/tcp (for web) held by java"), err.toString());
        }
    }

    @Test
    void theModelBuildsWhileImagesPullAndAFailedPullOnlyWarns() throws Exception {
        docker.pullFails = true;
        docker.onUp = services -> docker.containers.add(FakeDocker.container("server", "running", "healthy"));
        StepContext context = begun(context(settings(ModelMode.CPU, Set.of(), false)), "services");
        new ServicesStep().run(context);
        assertEquals(
                List.of(Call.of("config"), Call.of("build", "cpu"), Call.of("up")),
                docker.calls,
                "the file is validated, the model image built, then every service started");
        assertEquals(
                Set.of("monadicalsas/reflector-backend:v0.34.0", "monadicalsas/reflector-frontend:v0.34.0"),
                Set.copyOf(docker.pulls));
        assertTrue(err.toString().contains("could not pull monadicalsas/reflector-backend:v0.34.0"), err.toString());
        assertTrue(err.toString().contains("using the local image"), err.toString());
        assertTrue(context.report().steps().get(0).changes().contains("create containers reflector-test-server-1"));
    }

    @Test
    void theBuildRunsWhileBothPullsAreUnderWay() throws Exception {
        CountDownLatch pullsStarted = new CountDownLatch(2);
        CountDownLatch buildDone = new CountDownLatch(1);
        AtomicBoolean overlapped = new AtomicBoolean();
        docker.onPull = image -> {
            pullsStarted.countDown();
            try {
                buildDone.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        docker.onBuild = services -> {
            try {
                // If pulls only started after the build, this wait would run out.
                overlapped.set(pullsStarted.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                buildDone.countDown();
            }
        };
        new ServicesStep().run(begun(context(settings(ModelMode.CPU, Set.of(), false)), "services"));
        assertTrue(overlapped.get(), "the model build did not run while the images were pulled");
        assertEquals(2, docker.pulls.size());
    }

    @Test
    void pullMissingPullsOnlyImagesThatAreNotHere() throws Exception {
        Settings base = settings(ModelMode.CPU, Set.of(), false);
        Settings missing = SettingsBuilder.cpu(base.deployment().dir())
                .modelMode(base.deployment().modelMode())
                .pull(PullPolicy.missing)
                .build();
        new ServicesStep().run(begun(context(missing), "services"));
        assertTrue(docker.pulls.isEmpty(), docker.pulls.toString());
        docker.localImages = false;
        new ServicesStep().run(begun(context(missing), "services"));
        assertEquals(2, docker.pulls.size());
    }

    /** A checkout's three build contexts, as `compose config` resolves them. */
    private void checkoutBuilds(String gitContext) throws IOException {
        Map<String, ImageBuild> builds = new HashMap<>();
        for (String[] service : List.of(
                new String[] {"cpu", "gpu/self_hosted", "reflector-test-cpu"},
                new String[] {"server", "server", "monadicalsas/reflector-backend:checkout"},
                new String[] {"web", "www", "monadicalsas/reflector-frontend:checkout"})) {
            Path context = dir.resolve(service[1]);
            Files.createDirectories(context);
            Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY . /app\n");
            Files.writeString(context.resolve("app.txt"), service[0] + "\n");
            String where = gitContext == null ? context.toString() : gitContext + ":" + service[1];
            builds.put(
                    service[0],
                    new ImageBuild(
                            service[2],
                            where,
                            "Dockerfile",
                            "{\"context\":\"" + where + "\",\"dockerfile\":\"Dockerfile\"}"));
        }
        docker.builds = builds;
    }

    /** One services step as a run makes it, its files written; returns what it asked of Docker. */
    private List<Call> servicesRun() throws Exception {
        docker.calls.clear();
        StepContext context = begun(context(settings(ModelMode.CPU, Set.of(), true)), "services");
        new ServicesStep().run(context);
        context.flushFiles();
        return List.copyOf(docker.calls);
    }

    @Test
    void anImageBuiltFromTheSameSourcesIsNotBuiltAgain() throws Exception {
        checkoutBuilds(null);
        assertEquals(
                List.of(Call.of("config"), Call.of("build", "cpu", "server", "web"), Call.of("up")), servicesRun());
        String record = Files.readString(dir.resolve(BuiltImages.FILE));
        assertEquals(List.of(Call.of("config"), Call.of("up")), servicesRun(), "nothing changed: nothing is built");
        assertTrue(
                err.toString().contains("not building cpu, server, web: built here from the same sources"),
                err.toString());
        assertEquals(record, Files.readString(dir.resolve(BuiltImages.FILE)), "the record is not rewritten");
    }

    @Test
    void aChangedFileRebuildsOnlyItsImage() throws Exception {
        checkoutBuilds(null);
        servicesRun();
        Files.writeString(dir.resolve("server/app.txt"), "server, edited\n");
        assertEquals(List.of(Call.of("config"), Call.of("build", "server"), Call.of("up")), servicesRun());
        Files.writeString(dir.resolve("www/new-page.txt"), "new\n");
        assertEquals(List.of(Call.of("config"), Call.of("build", "web"), Call.of("up")), servicesRun());
        assertEquals(List.of(Call.of("config"), Call.of("up")), servicesRun());
    }

    @Test
    void anImageThatIsGoneOrRetaggedIsBuiltAgain() throws Exception {
        checkoutBuilds(null);
        servicesRun();
        docker.imageIds.remove("monadicalsas/reflector-backend:checkout");
        docker.imageIds.put("reflector-test-cpu", "sha256:someone-elses");
        assertEquals(List.of(Call.of("config"), Call.of("build", "cpu", "server"), Call.of("up")), servicesRun());
    }

    @Test
    void aChangedBuildDefinitionIsBuiltAgain() throws Exception {
        checkoutBuilds(null);
        servicesRun();
        ImageBuild web = docker.builds.get("web");
        Map<String, ImageBuild> changed = new HashMap<>(docker.builds);
        changed.put(
                "web",
                new ImageBuild(
                        web.image(),
                        web.context(),
                        web.dockerfile(),
                        web.definition().replace("}", ",\"args\":{\"NODE_ENV\":\"production\"}}")));
        docker.builds = changed;
        assertEquals(List.of(Call.of("config"), Call.of("build", "web"), Call.of("up")), servicesRun());
    }

    @Test
    void aGitContextIsSkippedOnlyWhenPinnedToACommit() throws Exception {
        checkoutBuilds("https://github.com/Monadical-SAS/reflector.git#bfa1071");
        servicesRun();
        assertEquals(List.of(Call.of("config"), Call.of("up")), servicesRun(), "a commit's sources do not change");
        checkoutBuilds("https://github.com/Monadical-SAS/reflector.git#main");
        servicesRun();
        assertEquals(
                List.of(Call.of("config"), Call.of("build", "cpu", "server", "web"), Call.of("up")),
                servicesRun(),
                "a branch may have moved: BuildKit fetches it and decides");
    }

    /** `up` (re)creates every container whose image changed, as Compose does. */
    private void upRunsTheBuiltImages() {
        docker.onUp = services -> docker.builds.forEach((service, build) -> {
            String image = docker.imageIds.get(build.image());
            boolean current = docker.containers.stream()
                    .anyMatch(c -> c.service().equals(service)
                            && c.running()
                            && c.imageId().equals(image));
            if (!current) {
                docker.containers.removeIf(c -> c.service().equals(service));
                docker.containers.add(new ContainerInfo(
                        "id-" + service + "-" + image,
                        "reflector-test-" + service + "-1",
                        FakeDocker.PROJECT,
                        dir.toString(),
                        service,
                        build.image(),
                        image,
                        "running",
                        Optional.empty(),
                        "Up",
                        List.of()));
            }
        });
    }

    @Test
    void upIsNotRunWhenEverythingIsAsTheLastUpLeftIt() throws Exception {
        checkoutBuilds(null);
        upRunsTheBuiltImages();
        servicesRun();
        assertEquals(List.of(Call.of("config")), servicesRun(), "no build, no up");
        assertTrue(err.toString().contains("not running compose up"), err.toString());
        assertTrue(Files.readString(dir.resolve(StartedServices.FILE)).contains("\nconfig config-1\n"));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(StartedServices.FILE))),
                "a hash of secrets: owner only");
    }

    @Test
    void upRunsWhenTheConfigurationAContainerOrAnImageChanged() throws Exception {
        checkoutBuilds(null);
        upRunsTheBuiltImages();
        servicesRun();

        docker.configFingerprint = "config-2"; // e.g. a changed env file
        assertEquals(List.of(Call.of("config"), Call.of("up")), servicesRun());
        assertEquals(List.of(Call.of("config")), servicesRun());

        ContainerInfo web = docker.containers.stream()
                .filter(c -> c.service().equals("web"))
                .findFirst()
                .orElseThrow();
        docker.containers.remove(web);
        docker.containers.add(new ContainerInfo(
                web.id(),
                web.name(),
                web.project(),
                web.workingDir(),
                web.service(),
                web.image(),
                web.imageId(),
                "exited",
                Optional.empty(),
                "Exited (0)",
                List.of()));
        assertEquals(List.of(Call.of("config"), Call.of("up")), servicesRun(), "a stopped container is started");

        docker.containers.removeIf(c -> c.service().equals("server"));
        docker.containers.add(new ContainerInfo(
                "id-someone-elses-up",
                "reflector-test-server-1",
                FakeDocker.PROJECT,
                dir.toString(),
                "server",
                "x",
                docker.imageIds.get("monadicalsas/reflector-backend:checkout"),
                "running",
                Optional.empty(),
                "Up",
                List.of()));
        assertEquals(
                List.of(Call.of("config"), Call.of("up")), servicesRun(), "a container this installer did not start");
        assertEquals(List.of(Call.of("config")), servicesRun());

        docker.imageIds.put("monadicalsas/reflector-frontend:checkout", "sha256:pulled-by-hand");
        assertEquals(
                List.of(Call.of("config"), Call.of("build", "web"), Call.of("up")),
                servicesRun(),
                "the image changed under the container");
    }

    @Test
    void withBuildEverythingIsBuiltAndNothingPulled() throws Exception {
        StepContext context = begun(context(settings(ModelMode.GPU, Set.of(), true)), "services");
        new ServicesStep().run(context);
        assertEquals(List.of(Call.of("config"), Call.of("build", "gpu", "server", "web"), Call.of("up")), docker.calls);
        assertTrue(docker.pulls.isEmpty());
    }

    @Test
    void unchangedContainersAreReportedAsKept() throws Exception {
        docker.containers.add(FakeDocker.container("server", "running", "healthy"));
        StepContext context = begun(context(settings(ModelMode.CPU, Set.of(), false)), "services");
        new ServicesStep().run(context);
        assertTrue(context.report().steps().get(0).changes().isEmpty());
        assertTrue(err.toString().contains("all 1 containers kept as they were"), err.toString());
    }

    @Test
    void theContainersOfSwitchedOffServicesAreStoppedAndRemovedBeforeUpAndTheirVolumesNamed() throws Exception {
        docker.containers.add(FakeDocker.container("server", "running", "healthy"));
        docker.containers.add(FakeDocker.container("cpu", "running", "healthy"));
        docker.containers.add(FakeDocker.container("caddy", "running", "healthy"));
        docker.containers.add(FakeDocker.container("ollama-cpu", "running", "healthy"));
        // Another deployment's caddy, of another project: never touched.
        docker.containers.add(new ContainerInfo(
                "id-other-caddy",
                "other-caddy-1",
                "other",
                "",
                "caddy",
                "image",
                "sha256:x",
                "running",
                Optional.empty(),
                "running",
                List.of()));
        String project = FakeDocker.PROJECT;
        docker.volumes.put(project + "_caddy_data", Map.of("com.docker.compose.project", project));
        docker.volumes.put(project + "_ollama_data", Map.of("com.docker.compose.project", project));
        List<String> upSaw = new ArrayList<>();
        docker.onUp = services -> docker.containers.forEach(container -> upSaw.add(container.service()));

        StepContext context = begun(context(settings(ModelMode.CPU, Set.of(), false)), "services");
        new ServicesStep().run(context);

        assertTrue(docker.calls.contains(Call.of("remove-container", "id-caddy")), docker.calls.toString());
        assertTrue(docker.calls.contains(Call.of("remove-container", "id-ollama-cpu")), docker.calls.toString());
        assertEquals(
                2,
                docker.calls.stream()
                        .filter(call -> call.action().equals("remove-container"))
                        .count());
        assertEquals(List.of("server", "cpu", "caddy"), upSaw, "removed before up; the other project's caddy stays");
        List<String> changes = context.report().steps().get(0).changes();
        assertTrue(
                changes.contains(
                        "stop and remove containers reflector-test-ollama-cpu-1, reflector-test-caddy-1 "
                                + "(ollama-cpu, caddy switched off: not among the profiles cpu); ports 11435/tcp, 80/tcp, 443/tcp freed"),
                changes.toString());
        assertEquals(
                List.of("reflector-test-ollama-cpu-1", "reflector-test-caddy-1"),
                context.report().removedContainers());
        // Only volumes that exist are named (caddy_config was never made here).
        assertEquals(
                List.of(project + "_ollama_data", project + "_caddy_data"),
                context.report().keptVolumes());
        assertEquals(
                Optional.of("docker volume rm " + project + "_ollama_data " + project + "_caddy_data"),
                context.report().keptVolumesCommand());
        assertTrue(
                err.toString().contains("kept the volumes " + project + "_ollama_data, " + project + "_caddy_data"),
                err.toString());

        // Nothing left to remove: a second run removes nothing and names no volume.
        StepContext again = begun(context(settings(ModelMode.CPU, Set.of(), false)), "services");
        new ServicesStep().run(again);
        assertEquals(
                2,
                docker.calls.stream()
                        .filter(call -> call.action().equals("remove-container"))
                        .count());
        assertEquals(List.of(), again.report().keptVolumes());
    }

    @Test
    void aModelServerSwitchedToTheOtherKindIsRemovedAndItsSharedVolumeNotNamed() throws Exception {
        docker.containers.add(FakeDocker.container("gpu", "running", "healthy"));
        docker.volumes.put(FakeDocker.PROJECT + "_gpu_cache", Map.of("com.docker.compose.project", FakeDocker.PROJECT));
        StepContext context = begun(context(settings(ModelMode.CPU, Set.of(), false)), "services");
        new ServicesStep().run(context);
        assertTrue(docker.calls.contains(Call.of("remove-container", "id-gpu")), docker.calls.toString());
        assertEquals(List.of(), context.report().keptVolumes(), "cpu mounts gpu_cache too");
    }

    @Test
    void aPortOfTheDeploymentsOwnSwitchedOffContainerIsItsOwn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Files.writeString(dir.resolve("docker-compose.selfhosted.yml"), "services: {}\n");
            docker.publishedPorts = Map.of("cpu", List.of(new PublishedPort("127.0.0.1", port, 8000, "tcp")));
            // The gpu container holds the port that cpu is to publish: switched off, it goes before up.
            docker.containers.add(new ContainerInfo(
                    "id-gpu",
                    "reflector-test-gpu-1",
                    FakeDocker.PROJECT,
                    "",
                    "gpu",
                    "image",
                    "sha256:x",
                    "running",
                    Optional.empty(),
                    "running",
                    List.of(new PublishedPort("127.0.0.1", port, 8000, "tcp"))));
            StepContext context =
                    begun(context(settings(ModelMode.CPU, Set.of("memory", "disk"), false)), "prerequisites");
            new PrerequisitesStep().run(context);
            assertTrue(err.toString().contains("ok   ports"), err.toString());
        }
    }

    @Test
    void aKeptCaddyIsRestartedWhenItsCaddyfileChangedAndOnlyThen() throws Exception {
        docker.containers.add(FakeDocker.container("caddy", "running", null));
        Settings caddy = SettingsBuilder.cpu(dir).caddy().build();
        new ServicesStep().run(begun(context(caddy), "services"));
        assertTrue(docker.calls.stream().noneMatch(call -> call.action().equals("restart")), docker.calls.toString());

        StepContext changed = begun(context(caddy), "services");
        changed.report().caddyConfigChanged();
        new ServicesStep().run(changed);
        assertTrue(docker.calls.contains(Call.of("restart", "id-caddy")), docker.calls.toString());
        assertTrue(changed.report().steps().get(0).changes().contains("restart caddy to load the new Caddyfile"));
        assertTrue(
                changed.report().caddyRestarted().isPresent(),
                "the health step judges Caddy's log from the restart on");
    }

    @Test
    void aCaddyThatUpRecreatedHasReadItsNewCaddyfileAlready() throws Exception {
        docker.containers.add(FakeDocker.container("caddy", "running", null));
        docker.onUp = services -> {
            docker.containers.removeIf(container -> container.service().equals("caddy"));
            docker.containers.add(new ContainerInfo(
                    "id-caddy-new",
                    "reflector-test-caddy-1",
                    FakeDocker.PROJECT,
                    "",
                    "caddy",
                    "caddy",
                    "sha256:test-image",
                    "running",
                    Optional.empty(),
                    "Up",
                    List.of()));
        };
        StepContext changed = begun(context(SettingsBuilder.cpu(dir).caddy().build()), "services");
        changed.report().caddyConfigChanged();
        new ServicesStep().run(changed);
        assertTrue(docker.calls.stream().noneMatch(call -> call.action().equals("restart")), docker.calls.toString());
    }

    @Test
    void theHealthWaitFailsAtOnceWhenTheServerStops() {
        docker.containers.add(FakeDocker.container("cpu", "running", null));
        docker.containers.add(FakeDocker.container("web", "running", null));
        docker.containers.add(new ContainerInfo(
                "id-server",
                "reflector-test-server-1",
                FakeDocker.PROJECT,
                "",
                "server",
                "backend",
                "sha256:test-image",
                "exited",
                Optional.empty(),
                "Exited (1) 2 seconds ago",
                List.of()));
        StepContext context = begun(context(settings(ModelMode.CPU, Set.of(), false)), "health");
        ServiceFailure failure = assertThrows(ServiceFailure.class, () -> new HealthStep().run(context));
        assertEquals("server", failure.service());
        // The stop is reported, not a timeout: the wait did not sit out its 450 s.
        assertTrue(failure.getMessage().contains("stopped (Exited (1)"), failure.getMessage());
    }
}
