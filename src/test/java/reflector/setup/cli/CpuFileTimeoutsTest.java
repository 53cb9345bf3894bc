package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.envfile.EnvFile;
import reflector.setup.support.CliRun;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.EnvFiles;

/**
 * TRANSCRIPT_FILE_TIMEOUT and DIARIZATION_FILE_TIMEOUT: 3600 with --cpu, the backend's default
 * with --gpu; the installer's value goes when the deployment moves to --gpu, a user's stays.
 */
class CpuFileTimeoutsTest {
    static final List<String> KEYS = List.of("TRANSCRIPT_FILE_TIMEOUT", "DIARIZATION_FILE_TIMEOUT");

    @TempDir
    Path dir;

    CliRun.Result install(String mode) {
        List<String> args = new ArrayList<>(
                List.of(mode, "--dir", dir.toString(), "--only", "secrets,server-env,www-env", "--non-interactive"));
        CliRun.Result result = new CliRun().run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    EnvFile server() {
        return EnvFiles.read(dir.resolve("server/.env"));
    }

    String recorded() {
        return EnvFiles.read(dir.resolve(".env"))
                .get("REFLECTOR_CPU_FILE_TIMEOUT")
                .orElse(null);
    }

    @Test
    void cpuWaitsAnHourAndAReRunChangesNothing() {
        install("--cpu");
        for (String key : KEYS) {
            assertEquals("3600", server().get(key).orElseThrow(), key);
        }
        assertEquals("3600", recorded());
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        install("--cpu");
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void gpuKeepsTheBackendsDefault() {
        install("--gpu");
        for (String key : KEYS) {
            assertFalse(server().has(key), key);
        }
        assertEquals(null, recorded());
    }

    @Test
    void movingToGpuRemovesTheInstallersValuesOnly() throws Exception {
        install("--cpu");
        Path env = dir.resolve("server/.env");
        Files.writeString(
                env, Files.readString(env).replace("DIARIZATION_FILE_TIMEOUT=3600", "DIARIZATION_FILE_TIMEOUT=7200"));
        CliRun.Result result = install("--gpu");
        assertFalse(server().has("TRANSCRIPT_FILE_TIMEOUT"));
        assertEquals("7200", server().get("DIARIZATION_FILE_TIMEOUT").orElseThrow(), "the user's value");
        assertTrue(result.err().contains("remove server/.env TRANSCRIPT_FILE_TIMEOUT"), result::toString);
        assertEquals(null, recorded());

        install("--cpu");
        assertEquals("3600", server().get("TRANSCRIPT_FILE_TIMEOUT").orElseThrow());
        assertEquals("7200", server().get("DIARIZATION_FILE_TIMEOUT").orElseThrow(), "still the user's");
    }

    @Test
    void aUsersOwnValueIsKeptAndNamed() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(dir.resolve("server/.env"), "TRANSCRIPT_FILE_TIMEOUT=1800\nDIARIZATION_FILE_TIMEOUT=1800\n");
        CliRun.Result result = install("--cpu");
        assertEquals("1800", server().get("TRANSCRIPT_FILE_TIMEOUT").orElseThrow());
        assertEquals("1800", server().get("DIARIZATION_FILE_TIMEOUT").orElseThrow());
        assertTrue(
                result.err().contains("TRANSCRIPT_FILE_TIMEOUT in server/.env is yours (\"1800\") and kept"),
                result::toString);
        assertEquals(null, recorded(), "nothing of the installer's to remember");
        install("--gpu");
        assertEquals("1800", server().get("TRANSCRIPT_FILE_TIMEOUT").orElseThrow());
    }
}
