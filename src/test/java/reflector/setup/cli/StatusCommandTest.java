package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.CliRun;
import reflector.setup.support.FakeDocker;

class StatusCommandTest {
    @TempDir
    Path dir;
    final FakeDocker docker = new FakeDocker();

    @BeforeEach
    void deployment() throws Exception {
        Files.writeString(dir.resolve(".env"), "COMPOSE_PROJECT_NAME=" + FakeDocker.PROJECT + "\nREFLECTOR_VERSION=v0.35.0\n"
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

    @Test
    void nothingDeployedIsExitThreeWithADocument() throws Exception {
        docker.containers.clear();
        CliRun.Result result = status("--output", "json");
        assertEquals(3, result.exitCode(), result::toString);
        assertTrue(new ObjectMapper().readTree(result.out()).get("error").asText().contains("nothing is deployed"));
    }
}
