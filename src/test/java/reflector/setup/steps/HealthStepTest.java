package reflector.setup.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reflector.setup.config.Settings;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.PublishedPort;
import reflector.setup.files.Workspace;
import reflector.setup.output.Console;
import reflector.setup.output.Verbosity;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.ManualClock;
import reflector.setup.support.SettingsBuilder;
import reflector.setup.tls.CertificateProbe;

/**
 * The health waits with the spec's timeouts, against fake probes, an in-memory Docker and a clock
 * that moves only when the step pauses between rounds (the context's sleeper): each pause is one
 * round of a second.
 */
class HealthStepTest {
    private static final ReadinessProbe ANSWERS = () -> true;
    private static final ReadinessProbe SILENT = () -> false;
    private static final CertificateProbe NO_CERTIFICATE = (host, port, name) -> {
        throw new IOException("no certificate in this test");
    };

    @TempDir
    Path dir;

    final FakeDocker docker = new FakeDocker();
    final StringWriter err = new StringWriter();
    final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    final Map<String, ReadinessProbe> probes = new ConcurrentHashMap<>();
    /** The services in the order they were probed, one entry per probe. */
    final Queue<String> probed = new ConcurrentLinkedQueue<>();

    int pauses;
    /** Runs at each pause between rounds, after the clock has moved on. */
    Runnable betweenRounds = () -> {};

    @BeforeEach
    void aRunningCpuDeployment() {
        docker.containers.add(FakeDocker.container("cpu", "running", null));
        docker.containers.add(FakeDocker.container("server", "running", "healthy"));
        docker.containers.add(FakeDocker.container("web", "running", null));
        probes.put("cpu", ANSWERS);
        probes.put("server", ANSWERS);
        probes.put("web", ANSWERS);
    }

    HealthStep step() {
        return new HealthStep((context, ports) -> HealthStep.waits(context, ports, NO_CERTIFICATE).stream()
                .map(wait -> new HealthStep.Wait(wait.service(), wait.timeout(), wait.fatal(), () -> {
                    probed.add(wait.service());
                    return probes.get(wait.service()).ready();
                }))
                .toList());
    }

    StepContext context() {
        Settings settings = SettingsBuilder.cpu(dir).build();
        StepContext context = new StepContext(
                settings,
                new Workspace(dir, false),
                new Console(new PrintWriter(err, true), Verbosity.NORMAL, false),
                () -> docker,
                new SecureRandom(),
                clock,
                pause -> {
                    pauses++;
                    clock.advance(pause);
                    betweenRounds.run();
                },
                new RunReport(),
                SecretMasker.empty());
        context.begin(context.report().start("health"));
        return context;
    }

    void replaceContainer(ContainerInfo container) {
        docker.containers.removeIf(c -> c.service().equals(container.service()));
        docker.containers.add(container);
    }

    static ContainerInfo stopped(String service, String state, String status) {
        return new ContainerInfo(
                "id-" + service,
                "reflector-test-" + service + "-1",
                FakeDocker.PROJECT,
                "",
                service,
                "image",
                "sha256:test-image",
                state,
                Optional.empty(),
                status,
                List.of());
    }

    @Test
    void servicesThatAnswerAreReadyInTheFirstRoundAndTheirStatesRecorded() throws Exception {
        StepContext context = context();
        step().run(context);
        assertEquals(0, pauses, err.toString());
        for (String line : List.of(
                "waiting for server (up to 450 s)", "cpu answers (0 s)", "server answers (0 s)", "web answers (0 s)")) {
            assertTrue(err.toString().contains(line), err.toString());
        }
        assertEquals(
                Map.of("cpu", "running", "server", "healthy", "web", "running"),
                context.report().serviceHealth());
        assertEquals(List.of(), context.report().warnings());
    }

    @Test
    void aSilentFrontendWarnsAfterItsNinetySecondsAndTheStepSucceeds() throws Exception {
        probes.put("web", SILENT);
        StepContext context = context();
        step().run(context);
        assertEquals(
                List.of("web did not answer within 90 s; see `reflector-setup logs web`"),
                context.report().warnings());
        assertEquals(90, pauses);
        assertEquals("running", context.report().serviceHealth().get("web"));
    }

    @Test
    void aSilentServerFailsTheStepAfterItsFourHundredFiftySeconds() {
        probes.put("server", SILENT);
        StepContext context = context();
        ServiceFailure failure = assertThrows(ServiceFailure.class, () -> step().run(context));
        assertEquals("server", failure.service());
        assertTrue(failure.getMessage().contains("did not answer within 450 s"), failure.getMessage());
        assertEquals(450, pauses);
    }

    @ParameterizedTest
    @CsvSource({"exited, Exited (1) 2 seconds ago", "restarting, Restarting (1) 3 seconds ago"})
    void aStoppedServerFailsAtOnceWithoutAnyProbe(String state, String status) {
        replaceContainer(stopped("server", state, status));
        StepContext context = context();
        ServiceFailure failure = assertThrows(ServiceFailure.class, () -> step().run(context));
        assertEquals("server", failure.service());
        assertTrue(failure.getMessage().contains("stopped (" + status + ")"), failure.getMessage());
        assertEquals(0, pauses);
        // Judged on the container alone: whatever answers on the host's port 1250 cannot mask the stop.
        assertEquals(List.of(), List.copyOf(probed));
    }

    @Test
    void aServerThatStopsWhileBeingWaitedForFailsInTheNextRound() {
        probes.put("server", SILENT);
        betweenRounds = () -> {
            if (pauses == 3) {
                replaceContainer(stopped("server", "exited", "Exited (1) 1 second ago"));
            }
        };
        StepContext context = context();
        ServiceFailure failure = assertThrows(ServiceFailure.class, () -> step().run(context));
        assertTrue(failure.getMessage().contains("stopped (Exited (1) 1 second ago)"), failure.getMessage());
        assertEquals(3, pauses);
    }

    @Test
    void aSlowProbeDoesNotDelayNoticingTheOtherServices() throws Exception {
        CountDownLatch answerServer = new CountDownLatch(1);
        AtomicBoolean serverProbeReturned = new AtomicBoolean();
        probes.put("server", () -> {
            try {
                return answerServer.await(5, TimeUnit.SECONDS);
            } finally {
                serverProbeReturned.set(true);
            }
        });
        StringBuilder outputAtFirstPause = new StringBuilder();
        AtomicBoolean serverStillProbedAtFirstPause = new AtomicBoolean();
        betweenRounds = () -> {
            if (pauses == 1) {
                outputAtFirstPause.append(err);
                serverStillProbedAtFirstPause.set(!serverProbeReturned.get());
                answerServer.countDown();
            }
        };
        StepContext context = context();
        try {
            step().run(context);
        } finally {
            answerServer.countDown();
        }
        assertTrue(serverStillProbedAtFirstPause.get(), "the first round waited for the slow probe");
        assertTrue(outputAtFirstPause.toString().contains("cpu answers (0 s)"), outputAtFirstPause.toString());
        assertTrue(outputAtFirstPause.toString().contains("web answers (0 s)"), outputAtFirstPause.toString());
        // The probe still running was not started again beside itself; its late answer counted.
        assertTrue(err.toString().contains("server answers (1 s)"), err.toString());
        assertEquals(1, probed.stream().filter("server"::equals).count());
    }

    @Test
    void aStoppedFrontendWarnsAtOnceInsteadOfWaitingOutItsTimeout() throws Exception {
        replaceContainer(stopped("web", "exited", "Exited (0) 5 seconds ago"));
        probes.put("web", SILENT);
        StepContext context = context();
        step().run(context);
        assertEquals(
                List.of("web stopped (Exited (0) 5 seconds ago); see `reflector-setup logs web`"),
                context.report().warnings());
        assertEquals(0, pauses);
        assertTrue(probed.stream().noneMatch("web"::equals), List.copyOf(probed).toString());
        assertEquals("exited", context.report().serviceHealth().get("web"));
    }

    @Test
    void theRealProbesAskWhereTheComposeFilePublishesEachService() throws Exception {
        // One local HTTP server stands in for cpu, server and web, on a port the compose file "moved" them to.
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            Files.writeString(dir.resolve("docker-compose.selfhosted.yml"), "services: {}\n");
            docker.publishedPorts = Map.of(
                    "cpu", List.of(new PublishedPort("127.0.0.1", port, 8000, "tcp")),
                    "server", List.of(new PublishedPort("127.0.0.1", port, 1250, "tcp")),
                    "web", List.of(new PublishedPort("127.0.0.1", port, 3000, "tcp")));
            new HealthStep((context, ports) -> HealthStep.waits(context, ports, NO_CERTIFICATE)).run(context());
            assertEquals(0, pauses, "every service answered on the moved port in the first round: " + err);
            assertTrue(err.toString().contains("web answers (0 s)"), err.toString());
        } finally {
            server.stop(0);
        }
    }
}
