package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.CliRun;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.FakeDocker;

/** verify-backup's answers, and restore's refusals before it changes anything, on their command lines. */
class VerifyBackupAndRestoreCommandTest {
    @TempDir
    Path root;

    Path dir;
    final FakeDocker docker = new FakeDocker();
    Path archive;

    @BeforeEach
    void aBackedUpDeployment() throws Exception {
        dir = Files.createDirectories(root.resolve("deployment"));
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(
                dir.resolve(".env"),
                "COMPOSE_PROJECT_NAME=" + FakeDocker.PROJECT + "\nREFLECTOR_SETUP_ARGS='--cpu --garage'\n");
        Files.writeString(dir.resolve("server/.env"), "SECRET_KEY=abcdefgh\n");
        for (String service : List.of("postgres", "server", "cpu", "garage")) {
            docker.containers.add(FakeDocker.container(service, "running", null));
        }
        docker.volume("server_data", "files");
        archive = root.resolve("b.tar.gz");
        CliRun.Result backup = run("backup", "--output", archive.toString());
        assertEquals(0, backup.exitCode(), backup::toString);
        docker.calls.clear();
    }

    CliRun.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", dir.toString()));
        return new CliRun().docker(() -> docker).run(all.toArray(String[]::new));
    }

    Path flipped() throws Exception {
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length - 30] ^= 0x10;
        return Files.write(root.resolve("flipped.tar.gz"), bytes);
    }

    @Test
    void verifyBackupOfAWholeArchiveListsTheMembersItChecked() throws Exception {
        CliRun.Result result = new CliRun().run("verify-backup", archive.toString(), "--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("verify-backup", json.get("command").asText());
        assertTrue(json.get("whole").asBoolean());
        assertEquals(
                List.of(
                        "files/server/.env",
                        "files/.env",
                        "volumes/server_data.tar",
                        "database/reflector.sql",
                        "volumes/server_data.changed.tar"),
                json.get("members").findValuesAsText("path"));
        assertEquals(FakeDocker.PROJECT, json.get("backup").get("project").asText());
        assertTrue(json.get("damage").isNull());

        CliRun.Result text = new CliRun().run("verify-backup", archive.toString());
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().contains(archive + " is whole: 6 members"), text.out());
    }

    @Test
    void verifyBackupOfADamagedArchiveIsExitThreeNamingWhatIsWrong() throws Exception {
        CliRun.Result result = new CliRun().run("verify-backup", flipped().toString(), "--output", "json");
        assertEquals(3, result.exitCode(), result::toString);
        JsonNode json = JsonOnEveryExitTest.document(result);
        assertFalse(json.get("whole").asBoolean());
        assertTrue(json.get("error").asText().contains("is damaged"), result.out());
        assertFalse(json.get("damage").isNull(), result.out());
        assertTrue(result.err().contains("ERROR: " + root.resolve("flipped.tar.gz") + " is damaged"), result.err());
    }

    @Test
    void verifyBackupOfSomethingElseIsBadInput() throws Exception {
        Path junk = Files.writeString(root.resolve("junk.tar.gz"), "not a backup");
        CliRun.Result result = new CliRun().run("verify-backup", junk.toString(), "--output", "json");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals(
                "verify-backup",
                JsonOnEveryExitTest.document(result).get("command").asText());
    }

    @Test
    void aDamagedArchiveIsRefusedBeforeAnythingIsStoppedOrWritten() throws Exception {
        Path flipped = flipped();
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result result = run("restore", flipped.toString(), "--yes", "--output", "json");
        assertEquals(3, result.exitCode(), result::toString);
        JsonNode json = JsonOnEveryExitTest.document(result);
        assertEquals("restore", json.get("command").asText());
        assertTrue(json.get("error").asText().contains("the restore changed nothing"), result.out());
        assertEquals(List.of(), docker.calls);
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void aDeploymentThatIsThereButDoesNotRunIsRefusedUnlessNoSafetyBackupIsGiven() throws Exception {
        docker.containers.replaceAll(c -> FakeDocker.container(c.service(), "exited", null));
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result result = run("restore", archive.toString(), "--yes");
        assertEquals(3, result.exitCode(), result::toString);
        assertTrue(
                result.err().contains("start it (reflector-setup --dir")
                        && result.err().contains("--no-safety-backup"),
                result.err());
        assertFalse(docker.calls.contains(FakeDocker.Call.of("down")), docker.calls.toString());
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void theHelpNamesTheSafetyCopyAndItsOption() {
        CliRun.Result help = new CliRun().run("restore", "--help");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("--no-safety-backup") && help.out().contains("safety copy"), help.out());
        CliRun.Result root = new CliRun().run("--help");
        assertTrue(root.out().contains("verify-backup"), root.out());
    }
}
