package reflector.setup.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reflector.setup.backup.Version1Archive;
import reflector.setup.s3.S3Client;

/**
 * A backup of a deployment that keeps working while its recordings are copied: the server answers
 * during the bulk copy, and objects uploaded through Garage's S3 API and files written meanwhile are
 * in the archive, with the metadata that names them, so that a restore into a new directory brings
 * every object and file back byte for byte; so does the archive as the previous version of the
 * installer wrote it. PostgreSQL and Redis are real; the backend, frontend,
 * model server and Garage (with its S3 API and real SigV4 checks) are STAND-INS (testenv/).
 */
class BackupWhileRunningIT {
    /** Big enough that copying it outlasts a few uploads: the window the test writes into. */
    static final int RECORDING_MIB = 768;

    static final List<String> DURING = List.of("during/one.opus", "during/two.opus", "during/three.opus");

    static TestDeployment deployment;
    static Path restored;

    @BeforeAll
    static void install() throws Exception {
        deployment = TestDeployment.installed("bulk");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (deployment != null) {
            deployment.remove(); // the restored deployment has the same project: this removes it too
        }
    }

    /** One line of the backup's progress, and when it arrived. */
    record Line(long nanos, String text) {}

    @Test
    void theServerAnswersDuringTheBulkCopyAndWhatIsWrittenMeanwhileIsRestored() throws Exception {
        BackupRestoreIT.exec(
                deployment.stack,
                "server",
                "dd",
                "if=/dev/urandom",
                "of=/app/data/recording.bin",
                "bs=1M",
                "count=" + RECORDING_MIB,
                "status=none");
        String recordingSum = BackupRestoreIT.exec(deployment.stack, "server", "sha256sum", "/app/data/recording.bin")
                .split(" ")[0];
        String[] key = BackupRestoreIT.garageKey(deployment.dir);
        S3Client s3 = BackupRestoreIT.s3(key);

        List<Long> answered = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread health = new Thread(() -> {
            while (polling.get()) {
                if (healthAnswers()) {
                    answered.add(System.nanoTime());
                }
                sleep(100);
            }
        });
        health.start();

        Path archive = deployment.parent.resolve("while-running.tar.gz");
        String jar = System.getProperty("reflector.setup.jar", "target/reflector-setup.jar");
        Process backup = new ProcessBuilder(
                        "java",
                        "-jar",
                        jar,
                        "backup",
                        "--dir",
                        deployment.dir.toString(),
                        "--output",
                        archive.toString(),
                        "--output",
                        "json")
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        List<Line> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err =
                    new BufferedReader(new InputStreamReader(backup.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    lines.add(new Line(System.nanoTime(), line));
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        byte[] stdout;
        long written;
        try {
            // Garage's data is copied first; while the recordings follow, write to Garage and to the server.
            await(lines, "volume garage_data (while the services run): ");
            for (String object : DURING) {
                s3.putObject("reflector-media", object, object.getBytes(StandardCharsets.UTF_8));
            }
            BackupRestoreIT.exec(
                    deployment.stack, "server", "sh", "-c", "echo written during the backup > /app/data/during.txt");
            written = System.nanoTime();
            stdout = backup.getInputStream().readAllBytes();
            assertTrue(backup.waitFor(10, TimeUnit.MINUTES), "the backup ended");
            reader.join(10_000);
        } finally {
            backup.destroy();
            polling.set(false);
            health.join(10_000);
        }
        assertEquals(0, backup.exitValue(), String.join("\n", texts(lines)));
        long paused = at(lines, "paused server");
        long bulkRecordings = at(lines, "volume garage_data (while the services run): ");
        assertTrue(
                written < paused,
                "the writes happened before the pause, during the copy of the recordings; "
                        + "make RECORDING_MIB bigger if this machine copies faster: " + texts(lines));
        assertTrue(
                answered.stream().anyMatch(when -> when > bulkRecordings && when < paused),
                "the server answered /health while its recordings were copied: " + texts(lines));
        // A probe landing in the pause marks a service unhealthy until its next one: the backup waits that out.
        assertTrue(
                deployment.stack.containers().values().stream().noneMatch(c -> "unhealthy".equals(c.health())),
                "every service healthy when the backup returns: " + deployment.stack.containers() + "\n"
                        + texts(lines));
        JsonNode json = new ObjectMapper().readTree(stdout);
        assertTrue(
                json.get("pausedSeconds").asDouble()
                        < json.get("durationSeconds").asDouble(),
                json.toString());

        // Restore into a new directory, the first deployment and its volumes gone.
        Shell.Result down = Shell.installer(Map.of(), "down", "--volumes", "--yes", "--dir", deployment.dir.toString());
        assertEquals(0, down.exitCode(), down::toString);
        restored = deployment.parent.resolve(
                "rse2e-bulkrestored-" + UUID.randomUUID().toString().substring(0, 8));
        TestDeployment.standInSources(restored);
        Shell.Result restore = Shell.installer(Map.of(), "restore", archive.toString(), "--dir", restored.toString());
        assertEquals(0, restore.exitCode(), restore::toString);

        for (String object : DURING) {
            assertArrayEquals(object.getBytes(StandardCharsets.UTF_8), s3.getObject("reflector-media", object), object);
        }
        assertEquals(
                recordingSum,
                BackupRestoreIT.exec(deployment.stack, "server", "sha256sum", "/app/data/recording.bin")
                        .split(" ")[0]);
        assertEquals(
                "written during the backup",
                BackupRestoreIT.exec(deployment.stack, "server", "cat", "/app/data/during.txt")
                        .strip());

        // The same backup as the previous version of the installer wrote it (one member per volume,
        // schema version 1) restores too: over the restored deployment, whose data is changed first.
        Path version1 = Version1Archive.rewrite(archive, deployment.parent.resolve("version1.tar.gz"));
        for (String object : DURING) {
            s3.putObject("reflector-media", object, "changed after the backup".getBytes(StandardCharsets.UTF_8));
        }
        BackupRestoreIT.exec(deployment.stack, "server", "sh", "-c", "rm /app/data/recording.bin /app/data/during.txt");
        Shell.Result old = Shell.installer(
                Map.of(), "restore", version1.toString(), "--dir", restored.toString(), "--yes", "--no-safety-backup");
        assertEquals(0, old.exitCode(), old::toString);
        for (String object : DURING) {
            assertArrayEquals(object.getBytes(StandardCharsets.UTF_8), s3.getObject("reflector-media", object), object);
        }
        assertEquals(
                recordingSum,
                BackupRestoreIT.exec(deployment.stack, "server", "sha256sum", "/app/data/recording.bin")
                        .split(" ")[0]);
        assertEquals(
                "written during the backup",
                BackupRestoreIT.exec(deployment.stack, "server", "cat", "/app/data/during.txt")
                        .strip());
        Files.deleteIfExists(archive);
        Files.deleteIfExists(version1);
    }

    static boolean healthAnswers() {
        try {
            HttpURLConnection connection = (HttpURLConnection)
                    URI.create("http://127.0.0.1:1250/health").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(500);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    static void await(List<Line> lines, String start) throws InterruptedException {
        for (int i = 0;
                i < 3000 && lines.stream().noneMatch(line -> line.text().strip().startsWith(start));
                i++) {
            Thread.sleep(20);
        }
        at(lines, start);
    }

    static long at(List<Line> lines, String start) {
        return lines.stream()
                .filter(line -> line.text().strip().startsWith(start))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + start + "' in " + texts(lines)))
                .nanos();
    }

    static List<String> texts(List<Line> lines) {
        return lines.stream().map(Line::text).toList();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
