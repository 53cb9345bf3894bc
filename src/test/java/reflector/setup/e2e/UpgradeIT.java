package reflector.setup.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reflector.setup.envfile.EnvFile;
import reflector.setup.support.DirectorySnapshot;

/**
 * Upgrades of a deployment built from a checkout to another checkout ("another Reflector
 * version": the stand-ins' build directories with one difference each): a dry run that changes
 * nothing, an upgrade that recreates only the backend's containers, and an upgrade whose server
 * exits at start (STANDIN_EXIT_AT_START baked into its image), which fails with exit 4 and the
 * restore command, which brings the previous version and its data back healthy. PostgreSQL and
 * Redis are real; the backend, frontend, model server and Garage are STAND-INS (testenv/).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeIT {
    static TestDeployment deployment;
    static Path dir;
    static String rollback;

    @BeforeAll
    static void install() throws Exception {
        deployment = TestDeployment.installed("upgrade");
        dir = deployment.dir;
        psql("CREATE TABLE meeting (title text); INSERT INTO meeting VALUES ('before the upgrades');");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (deployment != null) {
            deployment.remove();
        }
    }

    /** Another "version": a checkout of the stand-ins whose backend image differs by one line. */
    static Path release(String name, String backendDockerfileLine) throws Exception {
        Path source = deployment.parent.resolve(name);
        TestDeployment.standInSources(source);
        Files.writeString(
                source.resolve("server/Dockerfile"), "\n" + backendDockerfileLine + "\n", StandardOpenOption.APPEND);
        return source;
    }

    @Test
    @Order(1)
    void aDryRunShowsThePlanAndChangesNothing() throws Exception {
        Path v2 = release("v2", "ENV REFLECTOR_STANDIN_RELEASE=v2");
        DirectorySnapshot files = DirectorySnapshot.of(dir);
        Map<String, String> ids = deployment.stack.ids();
        Shell.Result result =
                Shell.installer(Map.of(), "upgrade", "--source", v2.toString(), "--dry-run", "--dir", dir.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Upgrade plan"), result.out());
        assertTrue(result.out().contains("-> " + v2.resolve("server")), result.out());
        assertTrue(result.out().contains("set .env REFLECTOR_SERVER_CONTEXT"), result.out());
        assertEquals(files, DirectorySnapshot.of(dir));
        assertEquals(ids, deployment.stack.ids());
        assertFalse(Files.exists(dir.resolve("backups")), "a dry run takes no backup");
    }

    @Test
    @Order(2)
    void anUpgradeBacksUpThenRecreatesOnlyWhatChanged() throws Exception {
        Path v2 = deployment.parent.resolve("v2");
        Map<String, String> before = deployment.stack.ids();
        Shell.Result result = Shell.installer(
                Map.of(), "upgrade", "--source", v2.toString(), "--dir", dir.toString(), "--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("upgrade", json.get("command").asText());
        assertTrue(Files.isRegularFile(Path.of(json.get("backup").get("path").asText())), result.out());
        assertEquals("ok", json.get("install").get("result").asText());
        assertTrue(
                ranVerify(json.get("install")),
                "the install's functional checks ran: " + json.get("install").get("steps"));
        Map<String, String> after = deployment.stack.ids();
        for (String service : List.of("server", "worker", "beat")) {
            assertNotEquals(before.get(service), after.get(service), service + " runs the new image");
        }
        for (String service : List.of("postgres", "redis", "garage")) {
            assertEquals(before.get(service), after.get(service), service + " did not change and is kept");
        }
        assertTrue(env("server").contains("REFLECTOR_STANDIN_RELEASE=v2"), env("server"));
        assertEquals("before the upgrades", psql("SELECT title FROM meeting;").strip());
        assertEquals(
                v2.resolve("server").toString(),
                EnvFile.parse(Files.readString(dir.resolve(".env")))
                        .get("REFLECTOR_SERVER_CONTEXT")
                        .orElseThrow());
    }

    @Test
    @Order(3)
    void aFailedUpgradeSaysHowToGoBack() throws Exception {
        psql("INSERT INTO meeting VALUES ('on v2');");
        Path broken = release("v3-broken", "ENV STANDIN_EXIT_AT_START=1");
        Shell.Result result = Shell.installer(
                Map.of(), "upgrade", "--source", broken.toString(), "--dir", dir.toString(), "--output", "json");
        assertEquals(4, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("failed", json.get("result").asText());
        assertEquals("failed", json.get("install").get("result").asText());
        rollback = json.get("commands").get("rollback").asText();
        assertTrue(rollback.startsWith("reflector-setup restore ") && rollback.endsWith(" --dir " + dir), rollback);
        assertTrue(result.err().contains("To go back to") && result.err().contains(rollback), result.err());
        assertTrue(result.err().contains("exiting at start as STANDIN_EXIT_AT_START asks"), result.err());
    }

    @Test
    @Order(4)
    void theRestoreItPrintedBringsThePreviousVersionBackHealthy() throws Exception {
        String archive = rollback.substring("reflector-setup restore ".length(), rollback.indexOf(" --dir "));
        Shell.Result result = Shell.installer(Map.of(), "restore", archive, "--dir", dir.toString(), "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Reflector is running."), result.out());
        for (Stack.Container container :
                BackupRestoreIT.settled(deployment.stack).values()) {
            assertEquals("running", container.state(), container.toString());
            assertTrue(List.of("healthy", "none").contains(container.health()), container.toString());
        }
        assertTrue(env("server").contains("REFLECTOR_STANDIN_RELEASE=v2"), env("server"));
        assertFalse(env("server").contains("STANDIN_EXIT_AT_START"), env("server"));
        assertEquals(
                List.of("before the upgrades", "on v2"),
                psql("SELECT title FROM meeting ORDER BY title;")
                        .strip()
                        .lines()
                        .toList());
        Shell.Result status = Shell.installer(Map.of(), "status", "--dir", dir.toString());
        assertEquals(0, status.exitCode(), status::toString);
    }

    /** The install's own "verify" step (login, storage, LLM checks) ran in this document's run. */
    static boolean ranVerify(JsonNode install) {
        for (JsonNode step : install.get("steps")) {
            if (step.get("name").asText().equals("verify")) {
                return step.get("outcome").asText().equals("ran");
            }
        }
        return false;
    }

    static String env(String service) {
        String id = deployment.stack.containers().get(service).id();
        Shell.Result result = Shell.run("docker", "inspect", "--format", "{{json .Config.Env}}", id);
        assertEquals(0, result.exitCode(), result::toString);
        return result.out();
    }

    static String psql(String sql) {
        String id = deployment.stack.containers().get("postgres").id();
        Shell.Result result = Shell.run(
                Map.of(),
                60,
                List.of("docker", "exec", id, "psql", "-U", "reflector", "-d", "reflector", "-tA", "-c", sql));
        assertEquals(0, result.exitCode(), result::toString);
        return result.out();
    }
}
