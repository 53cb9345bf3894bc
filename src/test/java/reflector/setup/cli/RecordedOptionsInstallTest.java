package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.RecordedOptions;
import reflector.setup.envfile.EnvFile;
import reflector.setup.support.CliRun;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.EnvFiles;

/**
 * What the install records in the root .env (docs/deployment.md, "How a deployment remembers its
 * install options"), in configuration (no Docker): format 2 written, format 1 read and replaced,
 * a newer format refused with nothing changed, and no secret among them.
 */
class RecordedOptionsInstallTest {
    static final String S3_SECRET = "recorded/s3-secret";
    static final String HF_TOKEN = "hf_recordedOptionsTestToken";

    @TempDir
    Path dir;

    CliRun.Result run(String... flags) {
        return ComponentSwitchesTest.configure(
                new CliRun().env("REFLECTOR_ADMIN_PASSWORD", "recorded-admin-password"),
                dir,
                "AKIARECORDTEST",
                S3_SECRET,
                flags);
    }

    EnvFile root() {
        return EnvFiles.read(dir.resolve(".env"));
    }

    @Test
    void theOptionsAreRecordedUnderTheirKeysWithoutASecret() throws Exception {
        CliRun.Result result = run(
                "--cpu",
                "--ollama-cpu",
                "--llm-model",
                "qwen2.5:0.5b",
                "--caddy",
                "--pull",
                "missing",
                "--hf-token",
                HF_TOKEN,
                "--password");
        assertEquals(0, result.exitCode(), result::toString);
        EnvFile root = root();
        for (String key : RecordedOptions.KEYS) {
            assertTrue(root.has(key), key);
        }
        assertEquals("2", root.get("REFLECTOR_SETUP_FORMAT").orElseThrow());
        assertEquals("cpu", root.get("REFLECTOR_SETUP_OLLAMA").orElseThrow());
        assertEquals("qwen2.5:0.5b", root.get("REFLECTOR_SETUP_LLM_MODEL").orElseThrow());
        assertEquals("external", root.get("REFLECTOR_SETUP_STORAGE").orElseThrow());
        assertEquals("caddy", root.get("REFLECTOR_SETUP_PROXY").orElseThrow());
        assertEquals("missing", root.get("REFLECTOR_SETUP_PULL").orElseThrow());
        assertFalse(root.has(RecordedOptions.VERSION_1_KEY));
        String recorded = Files.readString(dir.resolve(".env"))
                .lines()
                .filter(line -> line.startsWith("REFLECTOR_SETUP_"))
                .reduce("", (all, line) -> all + line + "\n");
        for (String secret : List.of(S3_SECRET, "AKIARECORDTEST", HF_TOKEN, "recorded-admin-password", "meetings")) {
            assertFalse(recorded.contains(secret), secret + " recorded:\n" + recorded);
        }
    }

    @Test
    void aFormat1LineIsReadThenReplacedAndTheNextRunChangesNoByte() throws Exception {
        assertEquals(0, run("--cpu", "--ollama-cpu").exitCode());
        // As an installer before format 2 left it, with another Ollama than the one installed, so that reading it
        // shows.
        Path rootEnv = dir.resolve(".env");
        Files.writeString(
                rootEnv,
                Files.readString(rootEnv).replaceAll("(?m)^REFLECTOR_SETUP_[A-Z_]+=.*\n", "")
                        + "REFLECTOR_SETUP_ARGS='--cpu --ollama-gpu --public-ip 192.0.2.10'\n");

        CliRun.Result rewrite = run("--cpu", "--ollama-cpu");
        assertEquals(0, rewrite.exitCode(), rewrite::toString);
        assertTrue(
                rewrite.out().contains("  Switched: llm: ollama (qwen2.5:14b) -> ollama-cpu (qwen2.5:14b)"),
                rewrite.out());
        assertFalse(root().has(RecordedOptions.VERSION_1_KEY), "format 1 gives way");
        assertEquals("2", root().get(RecordedOptions.FORMAT_KEY).orElseThrow());
        assertEquals("cpu", root().get(RecordedOptions.OLLAMA_KEY).orElseThrow());
        assertTrue(rewrite.err().contains("remove .env REFLECTOR_SETUP_ARGS"), rewrite.err());

        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result again = run("--cpu", "--ollama-cpu");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("Changes:  none: everything was already as asked"), again.out());
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void optionsANewerInstallerRecordedStopTheRunInOneLineWithNothingChanged() throws Exception {
        assertEquals(0, run("--cpu").exitCode());
        Path rootEnv = dir.resolve(".env");
        Files.writeString(
                rootEnv, Files.readString(rootEnv).replace("REFLECTOR_SETUP_FORMAT=2", "REFLECTOR_SETUP_FORMAT=3"));
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        for (String[] flags : List.of(new String[] {"--cpu"}, new String[] {"--cpu", "--dry-run"})) {
            CliRun.Result refused = run(flags);
            assertEquals(3, refused.exitCode(), refused::toString);
            assertEquals(1, refused.err().lines().count(), refused::toString);
            assertTrue(
                    refused.err()
                            .contains(
                                    ".env: REFLECTOR_SETUP_FORMAT=3: the install options are recorded in a format "
                                            + "this reflector-setup does not know (it reads 1 and 2); a newer reflector-setup wrote them"),
                    refused.err());
            assertEquals(before, DirectorySnapshot.of(dir));
        }
    }
}
