package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.CliRun;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.EnvFiles;

/**
 * A public instance's backend deletes anonymous transcripts after PUBLIC_DATA_RETENTION_DAYS:
 * every install that ends public says so, --public-retention-days sets it (only where it does
 * something), and a re-run keeps it.
 */
class PublicRetentionTest {
    static final String STEPS = "secrets,server-env,www-env";

    @TempDir
    Path dir;

    CliRun.Result run(CliRun run, String... flags) {
        List<String> args =
                new ArrayList<>(List.of("--cpu", "--dir", dir.toString(), "--only", STEPS, "--non-interactive"));
        args.addAll(List.of(flags));
        return run.run(args.toArray(String[]::new));
    }

    CliRun.Result install(String... flags) {
        CliRun.Result result = run(new CliRun(), flags);
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    boolean serverHas(String key) {
        return EnvFiles.read(dir.resolve("server/.env")).has(key);
    }

    String recordedRetention() {
        return EnvFiles.value(dir.resolve(".env"), "REFLECTOR_SETUP_PUBLIC_RETENTION_DAYS");
    }

    @Test
    void aPublicInstallSaysWhatItsBackendDeletesAndHowToKeepIt() {
        CliRun.Result result = install();
        assertTrue(
                result.out()
                        .contains("Data:     public mode: the backend deletes every anonymous transcript (without "
                                + "login, all of them) with its recording 7 days after it was made (the backend's default, 7 days, unless "
                                + "PUBLIC_DATA_RETENTION_DAYS is set); to keep them, require login (--password) or keep them longer "
                                + "(--public-retention-days N)"),
                result.out());
        assertFalse(serverHas("PUBLIC_DATA_RETENTION_DAYS"), "the backend's default is not written");
        assertEquals("", recordedRetention());
    }

    @Test
    void theOptionIsWrittenRecordedAndKeptOnReRuns() throws Exception {
        CliRun.Result result = install("--public-retention-days", "30");
        assertEquals("30", EnvFiles.value(dir.resolve("server/.env"), "PUBLIC_DATA_RETENTION_DAYS"));
        assertTrue(
                result.out().contains("30 days after it was made (PUBLIC_DATA_RETENTION_DAYS=30 in server/.env)"),
                result.out());
        assertEquals("30", recordedRetention());
        assertTrue(
                result.out()
                        .lines()
                        .anyMatch(line -> line.contains("Re-run:") && line.contains("--public-retention-days 30")),
                result.out());

        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result again = install();
        assertEquals(before, DirectorySnapshot.of(dir), "a re-run without the option keeps what server/.env has");
        assertTrue(again.out().contains("30 days after it was made"), again.out());

        JsonNode json = new ObjectMapper().readTree(install("--output", "json").out());
        assertEquals(30, json.get("publicDataRetention").get("days").asInt());
        assertTrue(json.get("publicDataRetention").get("set").asBoolean());
        assertTrue(json.get("publicDataRetention").get("deletes").asText().contains("30 days"));
        assertTrue(json.get("publicDataRetention").get("keep").asText().contains("--password"));
    }

    @Test
    void theDryRunsPlanSaysItToo() throws Exception {
        CliRun.Result planned = install("--dry-run", "--public-retention-days", "14");
        String plan = planned.out().substring(0, planned.out().indexOf("Dry run finished"));
        assertTrue(plan.contains("  Data: public mode: the backend deletes every anonymous transcript"), planned.out());
        assertTrue(plan.contains("14 days after it was made"), planned.out());
        assertFalse(Files.exists(dir.resolve("server")), "a dry run wrote files");
        JsonNode json = new ObjectMapper()
                .readTree(install("--dry-run", "--output", "json").out());
        assertEquals(7, json.get("publicDataRetention").get("days").asInt());
        assertFalse(json.get("publicDataRetention").get("set").asBoolean());
    }

    /** With PUBLIC_MODE false the backend schedules no cleanup (worker/app.py) and its task deletes nothing. */
    @Test
    void anInstallThatRequiresLoginDeletesNothingSoTheOptionIsRefused() throws Exception {
        CliRun withPassword = new CliRun().env("REFLECTOR_ADMIN_PASSWORD", "a long admin password");
        CliRun.Result refused = run(withPassword, "--password", "--public-retention-days", "30");
        assertEquals(2, refused.exitCode(), refused::toString);
        assertEquals(1, refused.err().lines().count(), refused::toString);
        assertTrue(refused.err().contains("--public-retention-days: only for a public instance"), refused::toString);
        assertFalse(Files.exists(dir.resolve("server")), "bad input wrote files");

        CliRun.Result password = run(withPassword, "--password", "--output", "json");
        assertEquals(0, password.exitCode(), password::toString);
        assertTrue(new ObjectMapper()
                .readTree(password.out())
                .get("publicDataRetention")
                .isNull());
        assertFalse(install().out().contains("Data:"), "a re-run keeps login: nothing is deleted");

        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result kept = run(new CliRun(), "--public-retention-days", "30");
        assertEquals(2, kept.exitCode(), kept::toString);
        assertTrue(
                kept.err().contains("this deployment requires login (AUTH_BACKEND=\"password\" in server/.env"),
                kept::toString);
        assertEquals(before, DirectorySnapshot.of(dir));

        CliRun.Result madePublic = install("--public", "--public-retention-days", "30");
        assertEquals("30", EnvFiles.value(dir.resolve("server/.env"), "PUBLIC_DATA_RETENTION_DAYS"));
        assertTrue(madePublic.out().contains("30 days after it was made"), madePublic.out());
    }

    @Test
    void badValuesAreRefusedBeforeAnythingIsWritten() {
        for (String bad : List.of("0", "-1", "abc", "36501", "99999999999999999999", "7 days", "+7", "1e3", "")) {
            CliRun.Result result = run(new CliRun(), "--public-retention-days", bad);
            assertEquals(2, result.exitCode(), () -> bad + ": " + result);
            assertEquals(1, result.err().lines().count(), result::toString);
            assertTrue(result.err().startsWith("ERROR: --public-retention-days"), result::toString);
            assertFalse(Files.exists(dir.resolve("server")), "bad input wrote files");
        }
        install("--public-retention-days", "36500");
        install("--public-retention-days", "1");
    }

    @Test
    void aValueInServerEnvThatTheBackendRefusesIsBadInputUnlessTheOptionReplacesIt() throws Exception {
        install();
        Path env = dir.resolve("server/.env");
        Files.writeString(env, Files.readString(env) + "PUBLIC_DATA_RETENTION_DAYS=0\n");
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result refused = run(new CliRun());
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(
                refused.err()
                        .contains("server/.env: PUBLIC_DATA_RETENTION_DAYS must be a whole number of days from 1 "
                                + "to 36500: \"0\"; correct it, or give --public-retention-days N"),
                refused::toString);
        assertEquals(before, DirectorySnapshot.of(dir));
        install("--public-retention-days", "10");
        assertEquals("10", EnvFiles.value(env, "PUBLIC_DATA_RETENTION_DAYS"));
    }

    @Test
    void theOptionNeedsTheServerEnvStep() {
        CliRun.Result result = new CliRun()
                .run(
                        "--cpu",
                        "--dir",
                        dir.toString(),
                        "--only",
                        "secrets",
                        "--non-interactive",
                        "--public-retention-days",
                        "30");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("written by the server-env step"), result::toString);
    }
}
