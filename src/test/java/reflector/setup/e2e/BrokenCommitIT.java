package reflector.setup.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reflector.setup.support.DirectorySnapshot;

/**
 * A deployment recorded at upstream commit bfa10718 by an earlier reflector-setup: its migrations
 * have two heads, so alembic migrates nothing and the server starts anyway on an empty schema. The
 * backend is the STAND-IN built from a checkout whose server/migrations/versions is bfa10718's
 * (testenv/backend/migration-sets/bfa1071, its revision graph as test data); it migrates the real
 * PostgreSQL as runserver.sh does. The root .env is written as an earlier reflector-setup wrote it,
 * except that the build contexts are this checkout's folders: the commit's Git context on GitHub
 * cannot be reached here.
 *
 * <p>The install ends in exit 4 naming the two heads, with alembic's own lines; every run and
 * status warn with the upgrade command; a plain upgrade plans the move to v0.35.0 (only its dry
 * run: the real one builds the model server from v0.35.0's Git context, which cannot be fetched
 * here; the move itself is covered by UpgradeCommandTest).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokenCommitIT {
    static final String COMMIT = "bfa1071839250c6e5e7a936c7443b531916e0feb";
    static final String IMAGE_TAG = "git-bfa107183925";
    static final String MULTIPLE_HEADS = "Multiple head revisions are present for given argument 'head'";
    static TestDeployment deployment;
    static Path dir;

    @BeforeAll
    static void aDeploymentRecordedAtTheCommit() throws Exception {
        deployment = TestDeployment.checkout("bfa");
        dir = deployment.dir;
        Path versions = dir.resolve("server/migrations/versions");
        try (Stream<Path> files = Files.list(versions)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        TestDeployment.copyTree(
                TestDeployment.repository().resolve("testenv/backend/migration-sets/bfa1071"), versions);
        Files.writeString(
                dir.resolve(".env"),
                "REFLECTOR_VERSION=" + COMMIT + "\nREFLECTOR_IMAGE_TAG=" + IMAGE_TAG + "\n"
                        + "REFLECTOR_MODEL_CONTEXT=./gpu/self_hosted\nREFLECTOR_SERVER_CONTEXT=./server\nREFLECTOR_WEB_CONTEXT=./www\n");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (deployment != null) {
            deployment.remove();
        }
        // The images this test built under the commit's tag.
        Shell.run(
                "docker",
                "image",
                "rm",
                "monadicalsas/reflector-backend:" + IMAGE_TAG,
                "monadicalsas/reflector-frontend:" + IMAGE_TAG);
    }

    @Test
    @Order(1)
    void theInstallFailsWithExitFourNamingTheTwoHeadsAndAlembicsLines() throws Exception {
        Shell.Result result = deployment.install();
        assertEquals(4, result.exitCode(), result::toString);
        assertTrue(
                result.err().contains("WARNING: migrations: this deployment runs Reflector commit bfa10718"),
                result.err());
        assertTrue(
                result.err()
                        .contains("the database schema is not the server's: the server image's migrations have 2 "
                                + "heads (20260219000000, 623af934249a): alembic refuses `upgrade head`, so no migration ran; the server "
                                + "runs on a database without its schema (no alembic_version table)"),
                result.err());
        assertTrue(result.err().contains("  ERROR [alembic.util.messaging] " + MULTIPLE_HEADS), result.err());
        assertTrue(result.err().contains("  FAILED: " + MULTIPLE_HEADS), result.err());
        assertTrue(result.err().contains("reflector-setup upgrade --dir " + dir), result.err());
        // runserver.sh has no `set -e`: the server runs, on a database alembic never touched.
        assertEquals("running", deployment.stack.containers().get("server").state());
        assertEquals("t", psql("SELECT to_regclass('alembic_version') IS NULL;").strip());
    }

    @Test
    @Order(2)
    void statusShowsTheSchemaAndSaysHowToMoveOn() throws Exception {
        Shell.Result status = deployment.installer("status", "--output", "json");
        assertEquals(4, status.exitCode(), status::toString);
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertEquals("several-heads", json.get("schema").get("state").asText(), status.out());
        assertEquals(
                "[\"20260219000000\",\"623af934249a\"]",
                json.get("schema").get("heads").toString());
        assertEquals(false, json.get("schema").get("tablePresent").asBoolean());
        assertTrue(json.get("warnings").get(0).asText().endsWith("reflector-setup upgrade --dir " + dir), status.out());
        assertTrue(status.err().contains("WARNING: this deployment runs Reflector commit bfa10718"), status.err());
    }

    @Test
    @Order(3)
    void aPlainUpgradePlansTheMoveToTheReleaseOfTheSameCode() throws Exception {
        DirectorySnapshot files = DirectorySnapshot.of(dir);
        Shell.Result result = deployment.installer("upgrade", "--dry-run", "--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode plan = new ObjectMapper().readTree(result.out()).get("plan");
        assertEquals(COMMIT, plan.get("from").get("ref").asText());
        assertEquals("v0.35.0", plan.get("to").get("ref").asText());
        assertEquals(
                "monadicalsas/reflector-backend:v0.35.0",
                plan.get("images").get(0).get("to").asText());
        assertTrue(result.err().contains("moving to v0.35.0, the release of the same code"), result.err());
        assertEquals(files, DirectorySnapshot.of(dir));
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
