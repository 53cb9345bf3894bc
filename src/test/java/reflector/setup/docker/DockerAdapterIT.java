package reflector.setup.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static reflector.setup.docker.TestDocker.IMAGE;
import static reflector.setup.docker.TestDocker.LABEL;
import static reflector.setup.docker.TestDocker.dockerOk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link DockerAdapter} against the real engine of this machine. */
@Timeout(120)
class DockerAdapterIT {

    private static final List<String> CREATED = new CopyOnWriteArrayList<>();
    private static DockerAdapter docker;
    /**
     * Prints numbered lines to stdout, then stderr, then stdout, then idles (stops promptly on
     * SIGTERM). The pauses matter: the engine copies the two streams to the log in separate
     * goroutines, so lines written in one burst to both may land in the log in any order.
     */
    private static String talker;

    private static String healthy;
    private static String unhealthy;

    @BeforeAll
    static void setUp() {
        TestDocker.ensureImage();
        docker = DockerAdapter.connect(System.getenv());
        talker = run(
                "talker",
                List.of(),
                "for i in $(seq 1 10); do echo out-$i; done; sleep 1; echo err-1 >&2; echo err-2 >&2; echo err-3 >&2;"
                        + " sleep 1; echo out-11; trap 'exit 0' TERM; while :; do sleep 1; done");
        healthy = run(
                "healthy",
                List.of("--health-cmd", "true", "--health-interval", "1s", "--health-retries", "1"),
                "trap 'exit 0' TERM; while :; do sleep 1; done");
        unhealthy = run(
                "unhealthy",
                List.of("--health-cmd", "false", "--health-interval", "1s", "--health-retries", "1"),
                "trap 'exit 0' TERM; while :; do sleep 1; done");
    }

    private static String run(String role, List<String> extra, String script) {
        String name = TestDocker.uniqueName() + "-" + role;
        CREATED.add(name); // before running, so a half-created container is still removed
        List<String> args = new ArrayList<>(
                List.of("run", "-d", "--name", name, "--label", LABEL + "=" + role, "-p", "127.0.0.1::8080"));
        args.addAll(extra);
        args.addAll(List.of(IMAGE, "/bin/sh", "-c", script));
        return dockerOk(args.toArray(String[]::new));
    }

    @AfterAll
    static void tearDown() {
        try {
            TestDocker.removeContainers(CREATED.toArray(String[]::new));
        } finally {
            if (docker != null) {
                docker.close();
            }
        }
    }

    @Test
    void engineReportsVersionApiAndFacts() {
        EngineInfo engine = docker.engine();
        assertTrue(engine.version().matches("\\d+\\.\\d+.*"), engine.version());
        assertTrue(engine.apiVersion().matches("1\\.\\d+"), engine.apiVersion());
        assertFalse(engine.dockerRootDir().isBlank());
        assertTrue(engine.memoryBytes() > 0);
        assertTrue(engine.runtimes().contains("runc"), engine.runtimes().toString());
        assertNotNull(engine.cdiSpecDirs());
        assertTrue(
                docker.endpoint().startsWith("unix://") || docker.endpoint().startsWith("tcp://"), docker.endpoint());
    }

    @Test
    void missingSocketIsUnavailableAndNamesTheEndpoint() {
        try (DockerAdapter nowhere = DockerAdapter.connect("unix:///nonexistent.sock", System.getenv())) {
            assertEquals("unix:///nonexistent.sock", nowhere.endpoint());
            long start = System.nanoTime();
            DockerUnavailableException e = assertThrows(DockerUnavailableException.class, nowhere::engine);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "took too long");
            assertTrue(
                    e.getMessage().startsWith("cannot reach the Docker engine at unix:///nonexistent.sock: "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("no such file or directory"), e.getMessage());
            // every call, not only engine(), reports the endpoint the same way
            DockerUnavailableException again = assertThrows(DockerUnavailableException.class, nowhere::containers);
            assertTrue(again.getMessage().contains("unix:///nonexistent.sock"), again.getMessage());
            assertThrows(DockerUnavailableException.class, () -> nowhere.imageExists(IMAGE));
        }
    }

    @Test
    void refusedTcpIsUnavailable() {
        try (DockerAdapter refused = DockerAdapter.connect("tcp://127.0.0.1:1", System.getenv())) {
            DockerUnavailableException e = assertThrows(DockerUnavailableException.class, refused::engine);
            assertTrue(
                    e.getMessage().startsWith("cannot reach the Docker engine at tcp://127.0.0.1:1: "), e.getMessage());
            assertTrue(e.getMessage().toLowerCase().contains("refused"), e.getMessage());
        }
    }

    @Test
    void restartContainerStopsAndStartsItAgain() {
        // its own container: the others' logs and health are asserted elsewhere
        String restartee = run("restartee", List.of(), "echo started; trap 'exit 0' TERM; while :; do sleep 1; done");
        assertEquals("started\n", awaitLogs(restartee, 10, "started"));
        String startedBefore = dockerOk("inspect", "-f", "{{.State.StartedAt}}", restartee);

        long start = System.nanoTime();
        docker.restartContainer(restartee, Duration.ofSeconds(5));
        assertTrue(
                Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5,
                "the container stops on SIGTERM, so the stop timeout is not waited out");

        // The engine answers once the container runs again (RestartCount counts only restarts by
        // a restart policy, so the start time is what tells).
        assertEquals("true", dockerOk("inspect", "-f", "{{.State.Running}}", restartee));
        String startedAfter = dockerOk("inspect", "-f", "{{.State.StartedAt}}", restartee);
        assertTrue(
                Instant.parse(startedAfter).isAfter(Instant.parse(startedBefore)),
                startedBefore + " -> " + startedAfter);
        assertEquals("started\nstarted\n", awaitLogs(restartee, 10, "started\nstarted"), "the command ran again");
    }

    @Test
    void restartOfAMissingContainerFailsWithTheEnginesReason() {
        DockerOperationException e = assertThrows(
                DockerOperationException.class,
                () -> docker.restartContainer("rstest-no-such-container", Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("restarting container rstest-no-such-container failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("No such container"), e.getMessage());
        try (DockerAdapter nowhere = DockerAdapter.connect("unix:///nonexistent.sock", System.getenv())) {
            assertThrows(
                    DockerUnavailableException.class,
                    () -> nowhere.restartContainer("rstest-no-such-container", Duration.ofSeconds(1)));
        }
    }

    @Test
    void logsReturnTheTailOfStdoutAndStderr() {
        assertEquals("err-2\nerr-3\nout-11\n", awaitLogs(talker, 3, "out-11"));
        String all = awaitLogs(talker, 1000, "out-11");
        assertEquals(14, all.lines().count(), all);
        assertTrue(all.startsWith("out-1\nout-2\n"), all);
        assertEquals("", docker.logs(talker, 0));
        assertThrows(DockerOperationException.class, () -> docker.logs("rstest-no-such-container", 10));
    }

    private static String awaitLogs(String id, int tail, String last) {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String logs;
        do {
            logs = docker.logs(id, tail);
            if (logs.contains(last)) {
                return logs;
            }
            sleep(200);
        } while (System.nanoTime() < until);
        return logs;
    }

    @Test
    void imageExists() {
        assertTrue(docker.imageExists(IMAGE));
        assertFalse(docker.imageExists("reflector-test/no-such-image:never"));
    }

    @Test
    void pullOfUnknownImageFailsWithTheEnginesReason() {
        List<String> statuses = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        DockerOperationException e = assertThrows(
                DockerOperationException.class,
                () -> docker.pull(
                        "rstest.invalid/reflector/nothing:1",
                        (id, status, cur, tot) -> statuses.add(status),
                        Duration.ofSeconds(20)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30, "timeout not honoured");
        assertTrue(e.getMessage().startsWith("pulling rstest.invalid/reflector/nothing:1 "), e.getMessage());
        // no registry is reachable here: the engine's own reason (a lookup or connection error)
        assertTrue(e.getMessage().contains("rstest.invalid"), e.getMessage());
        assertTrue(
                e.getMessage().length() > "pulling rstest.invalid/reflector/nothing:1 failed: ".length(),
                e.getMessage());
    }

    @Test
    void containersReportStateHealthAndPorts() {
        ContainerInfo t = awaitContainer(talker, c -> c.running());
        assertEquals("", t.project());
        assertEquals("", t.service());
        assertEquals(IMAGE, t.image());
        assertTrue(t.name().startsWith("rstest-") && t.name().endsWith("-talker"), t.name());
        assertEquals(Optional.empty(), t.health(), "no healthcheck");
        assertTrue(
                t.ports().stream()
                        .anyMatch(p -> p.hostIp().equals("127.0.0.1")
                                && p.hostPort() > 0
                                && p.protocol().equals("tcp")),
                t.ports().toString());

        ContainerInfo h = awaitContainer(healthy, c -> c.health().equals(Optional.of("healthy")));
        assertEquals(Optional.of("healthy"), h.health(), h.status());
        ContainerInfo u = awaitContainer(unhealthy, c -> c.health().equals(Optional.of("unhealthy")));
        assertEquals(Optional.of("unhealthy"), u.health(), u.status());
    }

    @Test
    void pausedContainerHealthComesFromInspect() {
        awaitContainer(healthy, c -> c.health().equals(Optional.of("healthy")));
        dockerOk("pause", healthy);
        try {
            ContainerInfo paused = awaitContainer(healthy, c -> c.state().equals("paused"));
            assertTrue(paused.status().endsWith("(Paused)"), paused.status());
            // The status text hides the health; inspect tells it (probes of a paused container
            // fail, so the engine may already call it unhealthy).
            String inspected = dockerOk("inspect", "-f", "{{.State.Health.Status}}", healthy);
            assertTrue(paused.health().isPresent(), paused.toString());
            assertTrue(List.of("healthy", "unhealthy").contains(paused.health().get()), paused.toString());
            assertTrue(inspected.equals(paused.health().get()) || inspected.equals("unhealthy"), inspected);
        } finally {
            TestDocker.docker("unpause", healthy);
        }
    }

    private static ContainerInfo awaitContainer(String id, Predicate<ContainerInfo> condition) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ContainerInfo last = null;
        while (System.nanoTime() < until) {
            last = docker.containers().stream()
                    .filter(c -> c.id().equals(id))
                    .findFirst()
                    .orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            sleep(250);
        }
        throw new AssertionError("container " + id + " never matched; last seen: " + last);
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
