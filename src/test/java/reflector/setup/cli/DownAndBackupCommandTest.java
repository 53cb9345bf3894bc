package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.CliRun;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.ScriptedTerminal;

/** down, backup and restore's command lines against an in-memory Docker. */
class DownAndBackupCommandTest {
    @TempDir
    Path dir;

    final FakeDocker docker = new FakeDocker();

    @BeforeEach
    void deployment() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(
                dir.resolve(".env"),
                "COMPOSE_PROJECT_NAME=" + FakeDocker.PROJECT + "\nREFLECTOR_SETUP_ARGS='--cpu --garage'\n");
        Files.writeString(dir.resolve("server/.env"), "SECRET_KEY=abc\n");
        for (String service : List.of("postgres", "server", "cpu", "garage")) {
            docker.containers.add(FakeDocker.container(service, "running", null));
        }
        docker.volume("postgres_data", "db");
        docker.volume("server_data", "files");
    }

    CliRun.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", dir.toString()));
        return new CliRun().docker(() -> docker).run(all.toArray(String[]::new));
    }

    @Test
    void downRemovesTheContainersAndKeepsTheVolumes() throws Exception {
        CliRun.Result result = run("down", "--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(docker.calls.contains(FakeDocker.Call.of("down")), docker.calls.toString());
        assertEquals(2, docker.volumes.size());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(4, json.get("removedContainers").size());
        assertEquals(2, json.get("keptVolumes").size());
        assertEquals(0, json.get("removedVolumes").size());
    }

    @Test
    void downVolumesWithoutYesAndWithoutATerminalIsRefusedWithTheVolumesNamed() throws Exception {
        CliRun.Result result = run("down", "--volumes", "--output", "json");
        assertEquals(2, result.exitCode(), result::toString);
        assertFalse(docker.calls.contains(FakeDocker.Call.of("down")), "nothing was stopped");
        assertEquals(2, docker.volumes.size(), "nothing was destroyed");
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertTrue(json.get("error").asText().contains(FakeDocker.PROJECT + "_postgres_data"), result.out());
        assertTrue(json.get("error").asText().contains("--yes"), result.out());
    }

    @Test
    void downVolumesAsksOnATerminalForTheProjectsName() {
        CliRun.Result refused = new CliRun()
                .docker(() -> docker)
                .terminal(new ScriptedTerminal("yes"))
                .run("down", "--volumes", "--dir", dir.toString());
        assertEquals(2, refused.exitCode(), refused::toString);
        assertEquals(2, docker.volumes.size());
        CliRun.Result confirmed = new CliRun()
                .docker(() -> docker)
                .terminal(new ScriptedTerminal(FakeDocker.PROJECT))
                .run("down", "--volumes", "--dir", dir.toString());
        assertEquals(0, confirmed.exitCode(), confirmed::toString);
        assertTrue(docker.volumes.isEmpty(), docker.volumes.toString());
    }

    /** The terminal would type the project's name: a question would have confirmed, so exit 2 proves none was asked. */
    @Test
    void downVolumesNonInteractiveNeverAsksAndNeedsYes() {
        CliRun.Result refused = new CliRun()
                .docker(() -> docker)
                .terminal(new ScriptedTerminal(FakeDocker.PROJECT))
                .run("down", "--volumes", "--non-interactive", "--dir", dir.toString());
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("give --yes to go on (nothing was changed)"), refused.err());
        assertEquals(2, docker.volumes.size(), "nothing was destroyed");
        CliRun.Result confirmed = new CliRun()
                .docker(() -> docker)
                .terminal(new ScriptedTerminal(""))
                .run("down", "--volumes", "--non-interactive", "--yes", "--dir", dir.toString());
        assertEquals(0, confirmed.exitCode(), confirmed::toString);
        assertTrue(docker.volumes.isEmpty(), docker.volumes.toString());
    }

    @Test
    void downVolumesYesDestroysThem() {
        CliRun.Result result = run("down", "--volumes", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(
                docker.calls.contains(FakeDocker.Call.of("volume-remove", FakeDocker.PROJECT + "_postgres_data")),
                docker.calls.toString());
        assertTrue(result.out().contains("Destroyed the volumes"), result.out());
    }

    @Test
    void nothingDeployedIsExitThree() {
        docker.containers.clear();
        assertEquals(3, run("down").exitCode());
    }

    @Test
    void backupWritesToOutputAndReportsItInJson() throws Exception {
        Path archive = dir.resolve("b.tar.gz");
        CliRun.Result result = run("backup", "--output", archive.toString(), "--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("backup", json.get("command").asText());
        assertEquals(archive.toString(), json.get("archive").get("path").asText());
        assertEquals(Files.size(archive), json.get("archive").get("bytes").asLong());
        // The .env records format 1; the manifest keeps the options in format 2.
        assertEquals(
                "garage",
                json.get("manifest")
                        .get("installOptions")
                        .get("REFLECTOR_SETUP_STORAGE")
                        .asText());
        assertEquals(
                "2",
                json.get("manifest")
                        .get("installOptions")
                        .get("REFLECTOR_SETUP_FORMAT")
                        .asText());
        assertTrue(json.get("commands").get("restore").asText().startsWith("reflector-setup restore "), result.out());
    }

    @Test
    void backupsDefaultOutputIsAPrivateDirectoryInTheDeployment() throws Exception {
        CliRun.Result result = run("backup");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Backup written: " + dir.toRealPath().resolve("backups")), result.out());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("backups"))));
        assertTrue(result.out().contains("Size:"), result.out());
    }

    @Test
    void twoFormatsOrTwoArchivesAreBadInput() {
        assertEquals(2, run("backup", "--output", "json", "--output", "text").exitCode());
        assertEquals(
                2, run("backup", "--output", "a.tar.gz", "--output", "b.tar.gz").exitCode());
    }

    @Test
    void restoreOverARunningDeploymentNeedsYes() throws Exception {
        Path archive = dir.resolve("b.tar.gz");
        assertEquals(0, run("backup", "--output", archive.toString()).exitCode());
        docker.calls.clear();
        CliRun.Result result = run("restore", archive.toString(), "--output", "json");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.out().contains("--yes"), result.out());
        assertFalse(docker.calls.contains(FakeDocker.Call.of("down")), docker.calls.toString());
    }

    @Test
    void restoreNonInteractiveNeverAsksAndNeedsYes() throws Exception {
        Path archive = dir.resolve("b.tar.gz");
        assertEquals(0, run("backup", "--output", archive.toString()).exitCode());
        docker.calls.clear();
        CliRun.Result result = new CliRun()
                .docker(() -> docker)
                .terminal(new ScriptedTerminal(FakeDocker.PROJECT))
                .run("restore", archive.toString(), "--non-interactive", "--dir", dir.toString());
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("give --yes to go on (nothing was changed)"), result.err());
        assertFalse(docker.calls.contains(FakeDocker.Call.of("down")), docker.calls.toString());
    }

    @Test
    void aRefusedRestoreIntoANewDirectoryLeavesNoDirectoryBehind() throws Exception {
        Path archive = dir.resolve("b.tar.gz");
        assertEquals(0, run("backup", "--output", archive.toString()).exitCode());
        docker.containers.clear(); // gone, but the project's volumes are still there
        Path elsewhere = dir.resolve("elsewhere");
        CliRun.Result result =
                new CliRun().docker(() -> docker).run("restore", archive.toString(), "--dir", elsewhere.toString());
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains(FakeDocker.PROJECT + "_postgres_data"), result.err());
        assertFalse(Files.exists(elsewhere));
    }

    @Test
    void restoreOfSomethingElseIsBadInputWithADocument() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.tar.gz"), "not a backup");
        CliRun.Result result = run("restore", junk.toString(), "--output", "json");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals(
                "restore",
                new ObjectMapper().readTree(result.out()).get("command").asText());
    }
}
