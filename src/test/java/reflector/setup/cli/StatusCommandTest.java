package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.Releases;
import reflector.setup.support.CliRun;
import reflector.setup.support.FakeDocker;

class StatusCommandTest {
    @TempDir
    Path dir;

    final FakeDocker docker = new FakeDocker();

    @BeforeEach
    void deployment() throws Exception {
        Files.writeString(
                dir.resolve(".env"),
                "COMPOSE_PROJECT_NAME=" + FakeDocker.PROJECT + "\nREFLECTOR_VERSION=v0.35.0\n"
                        + "REFLECTOR_IMAGE_TAG=v0.35.0\nREFLECTOR_MODEL_CONTEXT=x\nREFLECTOR_SERVER_CONTEXT=y\nREFLECTOR_WEB_CONTEXT=z\n");
        docker.containers.add(FakeDocker.container("server", "running", "healthy"));
        docker.containers.add(FakeDocker.container("worker", "running", null));
    }

    CliRun.Result status(String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "status";
        args[1] = "--dir";
        args[2] = dir.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return new CliRun().docker(() -> docker).run(args);
    }

    @Test
    void jsonListsEveryContainerWithItsStateAndHealth() throws Exception {
        CliRun.Result result = status("--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("status", json.get("command").asText());
        assertEquals(FakeDocker.PROJECT, json.get("project").asText());
        assertEquals("v0.35.0", json.get("reflectorVersion").get("ref").asText());
        assertTrue(json.get("healthy").asBoolean());
        assertEquals(2, json.get("containers").size());
        assertEquals("healthy", json.get("containers").get(0).get("health").asText());
        assertTrue(json.get("containers").get(1).get("health").isNull());
    }

    @Test
    void anUnhealthyContainerIsExitFourInTheDocumentToo() throws Exception {
        docker.containers.add(FakeDocker.container("web", "running", "unhealthy"));
        CliRun.Result result = status("--output", "json");
        assertEquals(4, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("failed", json.get("result").asText());
        assertEquals(4, json.get("exitCode").asInt());
    }

    @Test
    void textIsTheContainerTable() {
        CliRun.Result result = status();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("SERVICE"), result.out());
    }

    /** A public deployment's backend deletes anonymous transcripts: status says after how long. */
    @Test
    void aPublicDeploymentShowsWhatItsBackendDeletes() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(dir.resolve("server/.env"), "AUTH_BACKEND=none\nPUBLIC_MODE=true\n");
        CliRun.Result text = status();
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(
                text.out().contains("Data: public mode: the backend deletes every anonymous transcript"), text.out());
        assertTrue(text.out().contains("7 days after it was made (the backend's default"), text.out());
        JsonNode json = new ObjectMapper().readTree(status("--output", "json").out());
        assertEquals(7, json.get("publicDataRetention").get("days").asInt());
        assertFalse(json.get("publicDataRetention").get("set").asBoolean());

        Files.writeString(
                dir.resolve("server/.env"), "AUTH_BACKEND=none\nPUBLIC_MODE=true\nPUBLIC_DATA_RETENTION_DAYS=30\n");
        assertTrue(status().out().contains("30 days after it was made (PUBLIC_DATA_RETENTION_DAYS=30 in server/.env)"));
        json = new ObjectMapper().readTree(status("--output", "json").out());
        assertEquals(30, json.get("publicDataRetention").get("days").asInt());
        assertTrue(json.get("publicDataRetention").get("set").asBoolean());

        Files.writeString(
                dir.resolve("server/.env"), "AUTH_BACKEND=none\nPUBLIC_MODE=true\nPUBLIC_DATA_RETENTION_DAYS=0\n");
        CliRun.Result bad = status();
        assertEquals(0, bad.exitCode(), bad::toString);
        assertTrue(
                bad.out()
                        .contains(
                                "Data: public mode; in server/.env, PUBLIC_DATA_RETENTION_DAYS must be a whole number"),
                bad.out());
    }

    @Test
    void aDeploymentThatRequiresLoginDeletesNothingAndSaysNothingOfIt() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(
                dir.resolve("server/.env"),
                "AUTH_BACKEND=password\nPUBLIC_MODE=false\nPUBLIC_DATA_RETENTION_DAYS=30\n");
        assertFalse(status().out().contains("Data:"));
        assertTrue(new ObjectMapper()
                .readTree(status("--output", "json").out())
                .get("publicDataRetention")
                .isNull());
    }

    void atV035sHead() {
        docker.runningAtTheSchemaHead();
        docker.serverMigrations(Map.of("623af934249a", List.of(), "e1f093f7f124", List.of("623af934249a")));
        docker.alembicVersion = List.of("e1f093f7f124");
    }

    @Test
    void theSchemaAtTheServersHeadIsShownInTextAndJson() throws Exception {
        atV035sHead();
        CliRun.Result text = status();
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(
                text.out()
                        .contains("Schema:   at-head: the database is at e1f093f7f124, the head of the server image's "
                                + "migrations\n"),
                text.out());
        CliRun.Result result = status("--output", "json");
        JsonNode schema = new ObjectMapper().readTree(result.out()).get("schema");
        assertEquals("at-head", schema.get("state").asText());
        assertEquals("[\"e1f093f7f124\"]", schema.get("database").toString());
        assertTrue(schema.get("tablePresent").asBoolean());
        assertEquals("[\"e1f093f7f124\"]", schema.get("heads").toString());
        assertEquals(
                0, new ObjectMapper().readTree(result.out()).get("warnings").size());
    }

    @Test
    void aSchemaBehindTheServersIsExitFour() throws Exception {
        atV035sHead();
        docker.alembicVersion = List.of("623af934249a");
        CliRun.Result result = status("--output", "json");
        assertEquals(4, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("behind", json.get("schema").get("state").asText());
        assertTrue(json.get("error").asText().contains("the database schema is not the server's"), result.out());
        docker.alembicVersion = null;
        CliRun.Result text = status();
        assertEquals(4, text.exitCode(), text::toString);
        assertTrue(
                text.out().contains("Schema:   not-migrated: the database has no alembic_version table"), text.out());
    }

    @Test
    void withoutTheDatabaseTheSchemaIsNotChecked() throws Exception {
        CliRun.Result result = status("--output", "json");
        assertEquals(0, result.exitCode(), "as before: no postgres container in this test's deployment");
        JsonNode schema = new ObjectMapper().readTree(result.out()).get("schema");
        assertEquals("not-checked", schema.get("state").asText());
        assertTrue(schema.get("database").isNull());
        assertEquals("PostgreSQL is not running", schema.get("summary").asText());
    }

    @Test
    void aDeploymentAtTheBrokenCommitIsWarnedWithTheUpgradeCommand() throws Exception {
        Files.writeString(
                dir.resolve(".env"),
                "COMPOSE_PROJECT_NAME=" + FakeDocker.PROJECT + "\nREFLECTOR_VERSION="
                        + Releases.BROKEN_COMMIT + "\nREFLECTOR_IMAGE_TAG=git-bfa107183925\n"
                        + "REFLECTOR_MODEL_CONTEXT=x\nREFLECTOR_SERVER_CONTEXT=y\nREFLECTOR_WEB_CONTEXT=z\n");
        CliRun.Result text = status();
        assertTrue(
                text.err()
                        .contains("WARNING: this deployment runs Reflector commit bfa10718 (earlier reflector-setup "
                                + "versions deployed it by default), which cannot work"),
                text.err());
        assertTrue(text.err().contains("reflector-setup upgrade --dir " + dir), text.err());
        CliRun.Result json = status("--output", "json");
        assertTrue(
                new ObjectMapper()
                        .readTree(json.out())
                        .get("warnings")
                        .get(0)
                        .asText()
                        .contains("cannot work"),
                json.out());
    }

    @Test
    void nothingDeployedIsExitThreeWithADocument() throws Exception {
        docker.containers.clear();
        CliRun.Result result = status("--output", "json");
        assertEquals(3, result.exitCode(), result::toString);
        assertTrue(
                new ObjectMapper().readTree(result.out()).get("error").asText().contains("nothing is deployed"));
    }
}
