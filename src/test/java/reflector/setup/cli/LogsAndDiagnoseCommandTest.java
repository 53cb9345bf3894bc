package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.CliRun;
import reflector.setup.support.FakeDocker;

class LogsAndDiagnoseCommandTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path dir;

    final FakeDocker docker = new FakeDocker();

    @BeforeEach
    void deployment() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(dir.resolve(".env"), "COMPOSE_PROJECT_NAME=" + FakeDocker.PROJECT + "\n");
        Files.writeString(dir.resolve("server/.env"), "SECRET_KEY=0123456789abcdef0123456789abcdef\n");
        docker.containers.add(FakeDocker.container("server", "running", "healthy"));
        docker.containers.add(FakeDocker.container("worker", "running", null));
        docker.logLines.addAll(List.of("started", "bad key SECRET_KEY 0123456789abcdef0123456789abcdef"));
    }

    CliRun.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", dir.toString()));
        return new CliRun()
                .docker(() -> docker)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .run(all.toArray(String[]::new));
    }

    @Test
    void sinceTakesDurationsTimesAndDays() {
        assertEquals(NOW.minusSeconds(600), SinceOption.parse("10m", NOW));
        assertEquals(NOW.minusSeconds(5400), SinceOption.parse("1h30m", NOW));
        assertEquals(NOW.minusSeconds(86_400), SinceOption.parse("1d", NOW));
        assertEquals(Instant.parse("2026-11-30T08:00:00Z"), SinceOption.parse("2026-11-30T09:00:00+01:00", NOW));
        assertEquals(Instant.parse("2026-11-29T00:00:00Z"), SinceOption.parse("2026-11-29", NOW));
        assertThrows(IllegalArgumentException.class, () -> SinceOption.parse("yesterday", NOW));
        assertThrows(IllegalArgumentException.class, () -> SinceOption.parse("", NOW));
    }

    @Test
    void logsOfSeveralServicesAreMaskedAndHeaded() {
        CliRun.Result result = run("logs", "server", "worker", "--tail", "20", "--since", "10m");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("==== server (running) ===="), result.out());
        assertTrue(result.out().contains("==== worker (running) ===="), result.out());
        assertFalse(result.out().contains("0123456789abcdef0123456789abcdef"), "the secret is masked");
        assertEquals(20, docker.logRequests.get(0).tail());
        assertEquals(
                Optional.of(NOW.minusSeconds(600)), docker.logRequests.get(0).since());
        assertFalse(docker.logRequests.get(0).follow());
    }

    @Test
    void followingPrefixesEachLineWithItsService() {
        CliRun.Result result = run("logs", "--follow", "--tail", "all");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("server | started"), result.out());
        assertTrue(result.out().contains("worker | started"), result.out());
        assertTrue(docker.logRequests.stream().allMatch(request -> request.follow() && request.tail() < 0));
    }

    @Test
    void jsonHasTheLinesPerContainer() throws Exception {
        CliRun.Result result = run("logs", "server", "--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("logs", json.get("command").asText());
        assertEquals("server", json.get("containers").get(0).get("service").asText());
        assertEquals(
                "started", json.get("containers").get(0).get("lines").get(0).asText());
        assertFalse(result.out().contains("0123456789abcdef0123456789abcdef"));
    }

    @Test
    void badInputIsExitTwoWithADocument() throws Exception {
        for (List<String> args : List.of(
                List.of("logs", "nosuch", "--output", "json"),
                List.of("logs", "--follow", "--output", "json"),
                List.of("logs", "--tail", "0", "--output", "json"),
                List.of("logs", "--since", "soon", "--output", "json"))) {
            CliRun.Result result = run(args.toArray(String[]::new));
            assertEquals(2, result.exitCode(), result::toString);
            assertEquals(
                    "logs",
                    new ObjectMapper().readTree(result.out()).get("command").asText());
        }
    }

    @Test
    void diagnoseJsonHasTheEngineTheContainersAndTheMaskedReport() throws Exception {
        docker.containers.add(FakeDocker.container("beat", "exited", null));
        docker.logs = "crash: SECRET_KEY 0123456789abcdef0123456789abcdef";
        CliRun.Result result = run("diagnose", "--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("26.1.5", json.get("engine").get("version").asText());
        assertEquals(3, json.get("containers").size());
        assertTrue(json.get("report").asText().contains("last 30 log lines of beat"), result.out());
        assertFalse(result.out().contains("0123456789abcdef0123456789abcdef"));
    }
}
