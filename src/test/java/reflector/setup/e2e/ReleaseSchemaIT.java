package reflector.setup.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reflector.setup.support.DirectorySnapshot;

/**
 * A release deployment (v0.35.0) whose backend and frontend images are PULLED, as a user's are:
 * the images are the STAND-INS (testenv/backend, testenv/frontend), which scripts/dev/test-registry.sh
 * serves as monadicalsas/reflector-{backend,frontend}:v0.35.0 from a registry on 127.0.0.1 that
 * the engine uses as its Docker Hub mirror; the installer's ordinary pull goes through it. The
 * backend stand-in carries v0.35.0's migration graph and migrates the real PostgreSQL as
 * runserver.sh does. What is not as a user has it: the model server is built from the stand-in's
 * directory (the root .env is written first, pointing REFLECTOR_MODEL_CONTEXT there, as a user may),
 * because the tag's Git context on GitHub cannot be reached here.
 *
 * <p>The install ends with the schema proven; a database at a revision the image does not know
 * (bfa10718's 20260219000000) fails with exit 4 and alembic's own line; an upgrade to a release
 * whose migrations do not know the database's revision exits 3 and changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseSchemaIT {
    static final String TAG = "v0.35.0";
    static final String HEAD = "e1f093f7f124";
    static final List<String> IMAGES =
            List.of("monadicalsas/reflector-backend:" + TAG, "monadicalsas/reflector-frontend:" + TAG);
    static TestDeployment deployment;
    static Path dir;

    @BeforeAll
    static void aReleaseDeploymentDirectory() throws Exception {
        Shell.Result mirror = Shell.run(
                "bash",
                TestDeployment.repository()
                        .resolve("scripts/dev/test-registry.sh")
                        .toString(),
                "check");
        assertEquals(
                0,
                mirror.exitCode(),
                "the engine does not pull through the local registry: run "
                        + "scripts/dev/build-test-images.sh (or scripts/dev/test-registry.sh) first\n" + mirror);
        deployment = TestDeployment.empty("release");
        dir = deployment.dir;
        TestDeployment.copyTree(
                TestDeployment.repository().resolve("testenv/model-server"), dir.resolve("gpu/self_hosted"));
        String upstream = "https://github.com/Monadical-SAS/reflector.git#" + TAG;
        Files.writeString(
                dir.resolve(".env"),
                "REFLECTOR_VERSION=" + TAG + "\nREFLECTOR_IMAGE_TAG=" + TAG + "\n"
                        + "REFLECTOR_MODEL_CONTEXT=./gpu/self_hosted\n"
                        + "REFLECTOR_SERVER_CONTEXT=" + upstream + ":server\nREFLECTOR_WEB_CONTEXT=" + upstream
                        + ":www\n");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (deployment != null) {
            deployment.remove();
        }
    }

    @Test
    @Order(1)
    void theReleaseImagesArePulledAndTheInstallEndsWithTheSchemaProven() throws Exception {
        // Only tags the suite itself made: an earlier run's pull of these same images.
        for (String image : IMAGES) {
            Shell.run("docker", "image", "rm", image);
            assertEquals(
                    1, Shell.run("docker", "image", "inspect", image).exitCode(), image + " is still here: in use?");
        }
        Shell.Result result = deployment.install();
        assertEquals(0, result.exitCode(), result::toString);
        for (String image : IMAGES) {
            // Only a pull brings the tag back: Compose would build the server from the tag's Git context, unreachable
            // here.
            assertTrue(result.err().contains("pulled " + image), result.err());
            String digests = Shell.run("docker", "image", "inspect", "--format", "{{json .RepoDigests}}", image)
                    .out();
            String repository = image.substring(0, image.indexOf(':'));
            assertTrue(
                    digests.contains("\"" + repository + "@sha256:"), image + " came from a registry pull: " + digests);
        }
        assertTrue(
                result.err()
                        .contains("schema: the database is at " + HEAD + ", the head of the server image's migrations"),
                result.err());
        assertFalse(result.err().contains("the image is not upstream's"), "the release table agrees with the image");
        assertEquals(HEAD, psql("SELECT version_num FROM alembic_version;").strip());

        Shell.Result status = deployment.installer("status", "--output", "json");
        assertEquals(0, status.exitCode(), status::toString);
        JsonNode schema = new ObjectMapper().readTree(status.out()).get("schema");
        assertEquals("at-head", schema.get("state").asText(), status.out());
        assertEquals("[\"" + HEAD + "\"]", schema.get("database").toString());
        assertEquals("[\"" + HEAD + "\"]", schema.get("heads").toString());
    }

    @Test
    @Order(2)
    void aRevisionTheImageDoesNotKnowFailsWithExitFourAndAlembicsLine() throws Exception {
        psql("UPDATE alembic_version SET version_num = '20260219000000';");
        restartServer();
        Shell.Result result = deployment.install("--only", "verify");
        assertEquals(4, result.exitCode(), result::toString);
        assertTrue(
                result.err()
                        .contains("the database schema is not the server's: the database is at 20260219000000, which "
                                + "the server image's migrations do not know (their head is " + HEAD + ")"),
                result.err());
        assertTrue(result.err().contains("The server's migration log (alembic):"), result.err());
        assertTrue(
                result.err()
                        .contains("ERROR [alembic.util.messaging] Can't locate revision identified by "
                                + "'20260219000000'"),
                result.err());
        assertTrue(result.err().contains("What to do:"), result.err());

        Shell.Result status = deployment.installer("status");
        assertEquals(4, status.exitCode(), status::toString);
        assertTrue(
                status.out().contains("Schema:   unknown-revision: the database is at 20260219000000"), status.out());
    }

    @Test
    @Order(3)
    void anUpgradeToAReleaseThatDoesNotKnowTheRevisionIsRefusedAndChangesNothing() throws Exception {
        DirectorySnapshot files = DirectorySnapshot.of(dir);
        Map<String, String> ids = deployment.stack.ids();
        Shell.Result result = deployment.installer("upgrade", "--reflector-version", "v0.36.0", "--output", "json");
        assertEquals(3, result.exitCode(), result::toString);
        String error = new ObjectMapper().readTree(result.out()).get("error").asText();
        assertTrue(error.contains("the upgrade is refused before its backup, and nothing was changed"), error);
        assertTrue(
                error.contains("20260219000000 is the migration of upstream commit bfa10718, which no release has"),
                error);
        assertTrue(error.contains("reflector-setup restore BACKUP --dir "), error);

        // Back at the release's head, a downgrade is refused the same way.
        psql("UPDATE alembic_version SET version_num = '" + HEAD + "';");
        Shell.Result downgrade = deployment.installer("upgrade", "--reflector-version", "v0.34.0");
        assertEquals(3, downgrade.exitCode(), downgrade::toString);
        assertTrue(
                downgrade
                        .err()
                        .contains("the database is at " + HEAD + ", which v0.34.0's migrations (head 623af934249a) "
                                + "do not know: " + HEAD
                                + " is a later release's migration: going back to v0.34.0 is a downgrade"),
                downgrade.err());

        assertEquals(files, DirectorySnapshot.of(dir));
        assertEquals(ids, deployment.stack.ids());
        assertFalse(Files.exists(dir.resolve("backups")), "no backup was taken");
        for (String image :
                List.of("monadicalsas/reflector-backend:v0.36.0", "monadicalsas/reflector-backend:v0.34.0")) {
            assertEquals(1, Shell.run("docker", "image", "inspect", image).exitCode(), image + " was not pulled");
        }
    }

    @Test
    @Order(4)
    void theDatabaseBackAtTheHeadIsProvenAgain() throws Exception {
        restartServer();
        Shell.Result result = deployment.install("--only", "verify");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("schema: the database is at " + HEAD), result.err());
    }

    /** The server starts again, runs its migrations (alembic upgrade head) and answers. */
    static void restartServer() throws Exception {
        String id = deployment.stack.containers().get("server").id();
        Shell.Result restart = Shell.run("docker", "restart", id);
        assertEquals(0, restart.exitCode(), restart::toString);
        Map<String, Stack.Container> containers = deployment.stack.awaitNoHealthStarting(90);
        assertEquals("healthy", containers.get("server").health(), containers.toString());
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
