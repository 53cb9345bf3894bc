package reflector.setup.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reflector.setup.docker.TestDocker.IMAGE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.DeploymentFiles;

/** {@link ComposeCli} driving the real `docker compose` on a throw-away two-service project. */
@Timeout(180)
class ComposeCliIT {

    /** web: healthcheck, published on 127.0.0.1 only; worker: only with profile "extra". */
    private static final String COMPOSE =
            """
            services:
              web:
                image: %1$s
                command: ["/bin/sh", "-c", "echo web-started; trap 'exit 0' TERM; while :; do sleep 1; done"]
                ports:
                  - "127.0.0.1::8080"
                healthcheck:
                  test: ["CMD", "/bin/sh", "-c", "true"]
                  interval: 1s
                  timeout: 3s
                  retries: 3
                stop_grace_period: 3s
                labels:
                  %2$s: compose
              worker:
                image: %1$s
                profiles: ["extra"]
                command: ["/bin/sh", "-c", "echo worker-started; trap 'exit 0' TERM; while :; do sleep 1; done"]
                environment:
                  WORKER_TOKEN: ${WORKER_TOKEN}
                stop_grace_period: 3s
                volumes:
                  - data:/data
              built:
                image: %3$s
                profiles: ["build"]
                build:
                  context: ./built
                labels:
                  %2$s: compose
            volumes:
              data:
            """;

    private static DockerAdapter docker;
    private static final List<String> BUILT_IMAGES = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private String project;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUpAll() {
        TestDocker.ensureImage();
        docker = DockerAdapter.connect(System.getenv());
    }

    @AfterAll
    static void tearDownAll() {
        try {
            for (String image : BUILT_IMAGES) {
                TestDocker.docker("image", "rm", "-f", image);
            }
        } finally {
            if (docker != null) {
                docker.close();
            }
        }
    }

    @BeforeEach
    void writeProject() throws IOException {
        project = TestDocker.uniqueName();
        String builtImage = "reflector-test/" + project + "-built:latest";
        BUILT_IMAGES.add(builtImage);
        Files.writeString(
                dir.resolve(DeploymentFiles.COMPOSE_FILE), COMPOSE.formatted(IMAGE, TestDocker.LABEL, builtImage));
        // Compose reads the secret from .env itself: it is never on the command line.
        Files.writeString(dir.resolve(".env"), "WORKER_TOKEN=not-on-the-command-line\n");
        Files.createDirectories(dir.resolve("built"));
        Files.writeString(
                dir.resolve("built/Dockerfile"),
                String.join(
                        "\n",
                        "FROM " + IMAGE,
                        // unique per run, so the step is never a build-cache hit
                        "RUN echo built-marker-" + project + "-$((6*7)) && echo ok > /built.txt",
                        "CMD [\"/bin/cat\", \"/built.txt\"]",
                        ""));
    }

    /** `down -v` for the test project, whatever state the test left it in. */
    @AfterEach
    void tearDown() {
        // By project name only: works even when a test left a broken compose file behind.
        TestDocker.Result r = TestDocker.docker(
                dir, 120, "compose", "--project-name", project, "down", "-v", "--remove-orphans", "--timeout", "3");
        if (r.exitCode() != 0) {
            // fall back to the labels compose puts on everything it creates
            String ids = TestDocker.docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project)
                    .output()
                    .trim();
            if (!ids.isEmpty()) {
                TestDocker.removeContainers(ids.split("\\s+"));
            }
        }
    }

    private ComposeCli compose(List<String> profiles) {
        return new ComposeCli(project, dir, profiles, output::add, Map.of(), Duration.ofMinutes(3), System.getenv());
    }

    @Test
    void upPsAndRestartOfOneServiceContainer() {
        ComposeCli compose = compose(List.of("extra"));
        compose.validate();
        compose.up(List.of());

        ContainerInfo web = awaitService("web", c -> c.health().equals(Optional.of("healthy")));
        assertEquals(project, web.project());
        assertEquals(IMAGE, web.image());
        assertTrue(web.running());
        assertEquals(1, web.ports().size(), web.ports().toString());
        PublishedPort port = web.ports().get(0);
        assertEquals("127.0.0.1", port.hostIp());
        assertTrue(port.hostPort() > 0);
        assertEquals("tcp", port.protocol());

        ContainerInfo worker = awaitService("worker", ContainerInfo::running);
        assertEquals(Optional.empty(), worker.health(), "worker has no healthcheck");
        assertEquals(List.of(), worker.ports());
        assertEquals(
                2,
                docker.deploymentContainers(new Deployment(project, dir)).size(),
                docker.deploymentContainers(new Deployment(project, dir)).toString());

        assertTrue(output.stream().noneMatch(l -> l.contains("\u001b[")), "ANSI in output: " + output);

        // one service's container is restarted through the Engine API, not `compose restart`
        docker.restartContainer(web.id(), Duration.ofSeconds(3));
        awaitService("web", ContainerInfo::running);
        long starts = awaitLogLines(web.id(), "web-started", 2);
        assertEquals(2, starts, "restart should start web a second time");

        // the installer never takes a deployment down; the test removes its own project directly
        TestDocker.Result down =
                TestDocker.docker(dir, 120, "compose", "--project-name", project, "down", "-v", "--timeout", "3");
        assertEquals(0, down.exitCode(), down.output());
        assertEquals(List.of(), docker.deploymentContainers(new Deployment(project, dir)));
    }

    @Test
    void profilesDecideWhichServicesRun() {
        compose(List.of()).up(List.of());
        awaitService("web", ContainerInfo::running);
        assertTrue(docker.deploymentContainers(new Deployment(project, dir)).stream()
                .noneMatch(c -> c.service().equals("worker")));
    }

    @Test
    void buildStreamsPlainProgress() {
        ComposeCli compose = compose(List.of("build"));
        compose.build(List.of("built"));
        assertTrue(
                output.stream().anyMatch(l -> l.contains("built-marker-" + project + "-42")),
                "plain progress shows RUN output: " + output);
        assertTrue(docker.imageExists(BUILT_IMAGES.get(BUILT_IMAGES.size() - 1)));
    }

    @Test
    void failureCarriesExitCodeAndTail() {
        ComposeCli compose = compose(List.of());
        DockerOperationException e =
                assertThrows(DockerOperationException.class, () -> compose.up(List.of("no-such-service")));
        assertTrue(
                e.getMessage()
                        .startsWith("`docker compose up --detach --no-color no-such-service` failed with exit code "),
                e.getMessage());
        assertTrue(e.getMessage().contains("no such service: no-such-service"), e.getMessage());
        assertFalse(output.isEmpty(), "output went to the consumer as well");
    }

    @Test
    void validateRejectsABrokenFile() throws IOException {
        Files.writeString(dir.resolve(DeploymentFiles.COMPOSE_FILE), "services:\n  web:\n    image: [unterminated\n");
        DockerOperationException e = assertThrows(
                DockerOperationException.class, () -> compose(List.of()).validate());
        assertTrue(e.getMessage().contains("docker compose config --quiet"), e.getMessage());
        assertTrue(e.getMessage().contains("exit code"), e.getMessage());
    }

    @Test
    void versionParses() {
        Optional<String> version =
                ComposeCli.plugin("docker", System.getenv(), Map.of()).version();
        assertTrue(version.isPresent());
        assertTrue(version.get().matches("\\d+\\.\\d+\\.\\d+.*"), version.get());
        assertEquals(version, docker.composeVersion());
        assertEquals(
                Optional.empty(),
                ComposeCli.plugin("/nonexistent/docker", System.getenv(), Map.of())
                        .version());
    }

    @Test
    void versionIsEmptyWhenThePluginIsMissing() throws IOException {
        // A docker CLI without the compose plugin: an empty plugin directory via DOCKER_CONFIG
        // is not enough (system plugin dirs are searched too), so fake a CLI that behaves like
        // one without the plugin: usage text on stderr, exit 1.
        Path fake = dir.resolve("docker");
        Files.writeString(fake, "#!/bin/sh\necho \"docker: 'compose' is not a docker command.\" >&2\nexit 1\n");
        fake.toFile().setExecutable(true);
        assertEquals(
                Optional.empty(),
                ComposeCli.plugin(fake.toString(), System.getenv(), Map.of()).version());
        // and one that exits 0 but prints no JSON (what a grep-based check would have accepted)
        Files.writeString(fake, "#!/bin/sh\necho 'Usage: docker [OPTIONS] COMMAND  compose version'\n");
        assertEquals(
                Optional.empty(),
                ComposeCli.plugin(fake.toString(), System.getenv(), Map.of()).version());
    }

    private ContainerInfo awaitService(String service, Predicate<ContainerInfo> condition) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ContainerInfo last = null;
        while (System.nanoTime() < until) {
            last = docker.deploymentContainers(new Deployment(project, dir)).stream()
                    .filter(c -> c.service().equals(service))
                    .findFirst()
                    .orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            sleep(250);
        }
        throw new AssertionError(service + " of " + project + " never matched; last seen: " + last);
    }

    private long awaitLogLines(String id, String text, long wanted) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long count;
        do {
            count = docker.logs(id, 100).lines().filter(text::equals).count();
            if (count >= wanted) {
                return count;
            }
            sleep(250);
        } while (System.nanoTime() < until);
        return count;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
