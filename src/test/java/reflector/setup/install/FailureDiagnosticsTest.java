package reflector.setup.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.support.CliRun;
import reflector.setup.support.FakeDocker;

/** What a failed run shows: the container table and logs, with the deployment's secrets masked. */
class FailureDiagnosticsTest {
    static final String SECRET_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final String S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path dir;

    @Test
    void secretsOnDiskAreMaskedInDiagnosticsEvenWhenNoStepReadThem() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(
                dir.resolve("server/.env"),
                "SECRET_KEY=" + SECRET_KEY + "\n" + "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY=" + S3_SECRET + "\n");
        FakeDocker docker = new FakeDocker();
        docker.containers.add(FakeDocker.container("cpu", "running", "healthy"));
        docker.containers.add(FakeDocker.container("web", "running", "healthy"));
        docker.containers.add(new ContainerInfo(
                "id-server",
                "reflector-test-server-1",
                FakeDocker.PROJECT,
                "",
                "server",
                "backend",
                "sha256:test-image",
                "exited",
                Optional.empty(),
                "Exited (1) 3 seconds ago",
                List.of()));
        // Written the way a careless traceback would: not as KEY=value, so only the known values can catch it.
        docker.logs = "Traceback: bad signing key " + SECRET_KEY + "\nboto3 rejected " + S3_SECRET + "\n";

        CliRun.Result result = new CliRun()
                .docker(() -> docker)
                .run(
                        "--cpu",
                        "--dir",
                        dir.toString(),
                        "--project-name",
                        FakeDocker.PROJECT,
                        "--only",
                        "health",
                        "--non-interactive",
                        "--output",
                        "json");

        assertEquals(4, result.exitCode(), result::toString);
        assertTrue(result.err().contains("---- containers ----"), result.err());
        assertTrue(result.err().contains("Traceback: bad signing key ********"), result.err());
        assertTrue(result.err().contains("boto3 rejected ********"), result.err());
        assertFalse(result.err().contains(SECRET_KEY) || result.out().contains(SECRET_KEY));
        assertFalse(result.err().contains(S3_SECRET) || result.out().contains(S3_SECRET));
        var json = new ObjectMapper().readTree(result.out());
        assertEquals("failed", json.get("result").asText());
        assertEquals(4, json.get("exitCode").asInt());
        assertTrue(json.get("error").asText().contains("server"), result.out());
    }
}
