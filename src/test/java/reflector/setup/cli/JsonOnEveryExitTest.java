package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.CliRun;

/** With --output json a command prints exactly one document, whatever the exit code. */
class JsonOnEveryExitTest {
    @TempDir
    Path dir;

    static JsonNode document(CliRun.Result result) throws Exception {
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(1, json.get("schemaVersion").asInt(), result.out());
        assertEquals(result.exitCode(), json.get("exitCode").asInt(), result.toString());
        assertEquals(
                result.exitCode() == 0 ? "ok" : "failed", json.get("result").asText(), result.out());
        return json;
    }

    @Test
    void anOptionPicocliRefusesStillGetsItsDocument() throws Exception {
        CliRun.Result result = new CliRun().run("--cpu", "--no-such-flag", "--output", "json");
        assertEquals(2, result.exitCode(), result::toString);
        JsonNode json = document(result);
        assertEquals("install", json.get("command").asText());
        assertTrue(json.get("error").asText().contains("--no-such-flag"), result.out());
    }

    @Test
    void badInputFoundByTheInstallGetsItsDocument() throws Exception {
        CliRun.Result result = new CliRun().run("--garage", "--dir", dir.toString(), "--output=json");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(document(result).get("error").asText().contains("--gpu or --cpu"), result.out());
    }

    @Test
    void aDryRunDocumentHasStructuredChanges() throws Exception {
        CliRun.Result result = new CliRun()
                .run(
                        "--cpu",
                        "--garage",
                        "--dry-run",
                        "--non-interactive",
                        "--public-ip",
                        "192.0.2.1",
                        "--dir",
                        dir.toString(),
                        "--output",
                        "json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode json = document(result);
        assertEquals("install", json.get("command").asText());
        boolean sawKey = false;
        for (JsonNode change : json.get("changes")) {
            assertTrue(
                    change.has("step") && change.has("action") && change.has("file") && change.has("key"),
                    change.toString());
            if ("server/.env".equals(change.get("file").asText(null))
                    && "BASE_URL".equals(change.get("key").asText(null))) {
                sawKey = true;
            }
        }
        assertTrue(json.get("changes").size() > 0, result.out());
        assertTrue(sawKey || json.get("changes").findValuesAsText("action").contains("create"), result.out());
    }

    @Test
    void aDayTwoCommandWithoutDockerStillPrintsItsDocument() throws Exception {
        CliRun.Result result = new CliRun().run("status", "--dir", dir.toString(), "--output", "json");
        assertEquals(3, result.exitCode(), result::toString);
        assertEquals("status", document(result).get("command").asText());
    }
}
