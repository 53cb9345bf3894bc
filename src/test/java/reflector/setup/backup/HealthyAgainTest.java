package reflector.setup.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.output.Console;
import reflector.setup.output.Verbosity;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.ManualClock;

/** The backup's wait for the services that were healthy before the pause, against a fake engine. */
class HealthyAgainTest {
    final FakeDocker docker = new FakeDocker();
    final StringWriter err = new StringWriter();
    final Console console = new Console(new PrintWriter(err, true), Verbosity.NORMAL, false);
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-08T03:00:00Z"));
    final List<Duration> sleeps = new ArrayList<>();
    final List<ContainerInfo> before = List.of(
            FakeDocker.container("server", "running", "healthy"),
            FakeDocker.container("worker", "running", null),
            FakeDocker.container("garage", "running", "healthy"));

    @Test
    void aProbeThatFailedDuringThePauseIsWaitedOutUntilItPasses() {
        docker.containers.addAll(List.of(
                FakeDocker.container("server", "running", "unhealthy"),
                FakeDocker.container("worker", "running", null),
                FakeDocker.container("garage", "running", "healthy")));
        awaitAfterPausing(() -> {
            if (sleeps.size() == 3) {
                docker.containers.set(0, FakeDocker.container("server", "running", "healthy"));
            }
        });
        assertEquals(3, sleeps.size(), "waited until the server's next probe passed");
        assertTrue(err.toString().contains("healthy again after the pause (3"), err.toString());
    }

    @Test
    void aServiceThatStaysUnhealthyIsNamedAndTheWaitEnds() {
        docker.containers.addAll(List.of(
                FakeDocker.container("server", "running", "healthy"),
                FakeDocker.container("worker", "running", null),
                FakeDocker.container("garage", "running", "unhealthy")));
        awaitAfterPausing(() -> {});
        assertEquals(HealthyAgain.TIMEOUT.toSeconds(), sleeps.size());
        assertTrue(err.toString().contains("WARNING: garage not healthy again 90 s after the pause"), err.toString());
    }

    @Test
    void servicesThatWereNotHealthyBeforeOrNotPausedAreNotWaitedFor() {
        List<ContainerInfo> crashing = List.of(
                FakeDocker.container("server", "running", "unhealthy"),
                FakeDocker.container("web", "running", "healthy"));
        docker.containers.addAll(List.of(
                FakeDocker.container("server", "running", "unhealthy"),
                FakeDocker.container("web", "running", "unhealthy")));
        HealthyAgain.await(docker, console, clock, sleeps::add, crashing, List.of("server"));
        assertEquals(List.of(), sleeps);
        assertEquals("", err.toString());
    }

    /** The wait after pausing every service of {@link #before}; each sleep moves the clock, then runs {@code afterEachSleep}. */
    void awaitAfterPausing(Runnable afterEachSleep) {
        HealthyAgain.await(
                docker,
                console,
                clock,
                duration -> {
                    sleeps.add(duration);
                    clock.advance(duration);
                    afterEachSleep.run();
                },
                before,
                List.of("server", "worker", "garage"));
    }
}
