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
import reflector.setup.envfile.EnvFile;
import reflector.setup.support.CliRun;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.EnvFiles;

/**
 * Re-runs that switch components, in configuration (no Docker): the switches step names each
 * one before anything is written, a dry run shows it (text and JSON) and changes nothing, the
 * settings that pointed at what is switched off are rewritten or cleared, and the summary says
 * what runs now. Docker's part (the containers removed) is in DockerStepsTest and ComponentSwitchIT.
 */
class ComponentSwitchesTest {
    static final String CONFIG_STEPS = "secrets,server-env,www-env,caddyfile";

    @TempDir
    Path dir;

    CliRun.Result run(String... flags) {
        return configure(new CliRun(), dir, "AKIASWITCHTEST", "switch/secret", flags);
    }

    /** The install's configuration steps in {@code dir}, with external S3 under the key given, and {@code flags}. */
    static CliRun.Result configure(CliRun cli, Path dir, String s3KeyId, String s3Secret, String... flags) {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of(
                "--dir",
                dir.toString(),
                "--only",
                CONFIG_STEPS,
                "--non-interactive",
                "--public-ip",
                "192.0.2.10",
                "--s3-access-key-id",
                s3KeyId,
                "--s3-secret-access-key",
                s3Secret,
                "--s3-bucket",
                "meetings",
                "--s3-region",
                "eu-west-1"));
        return cli.run(args.toArray(String[]::new));
    }

    EnvFile server() {
        return EnvFiles.read(dir.resolve("server/.env"));
    }

    @Test
    void aDryRunShowsEachSwitchInTextAndJsonAndChangesNothing() throws Exception {
        assertEquals(0, run("--cpu", "--ollama-cpu", "--caddy").exitCode());
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        CliRun.Result text = run("--gpu", "--dry-run");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().contains("switches: switch models: cpu -> gpu"), text.out());
        assertTrue(
                text.out()
                        .contains("switches: switch llm: ollama-cpu (qwen2.5:14b) -> none: stop and remove ollama-cpu "
                                + "(freeing ports 11435/tcp); keep the volume ollama_data; remove server/.env LLM_URL"),
                text.out());
        assertTrue(
                text.out()
                        .contains("switches: switch proxy: caddy (self-signed) -> none: stop and remove caddy (freeing "
                                + "ports 80/tcp, 443/tcp)"),
                text.out());
        assertTrue(text.out().contains("  Switched: proxy: caddy (self-signed) -> none (planned)"), text.out());
        assertTrue(text.err().contains("would switch proxy: caddy (self-signed) -> none"), text.err());
        assertTrue(
                text.out().contains("-LLM_URL=http://ollama-cpu:11435/v1"),
                "the plan's diff removes it:\n" + text.out());
        assertEquals(before, DirectorySnapshot.of(dir));

        CliRun.Result json = run("--gpu", "--dry-run", "--output", "json");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode document = new ObjectMapper().readTree(json.out());
        JsonNode switches = document.get("switches");
        assertEquals(
                List.of("models", "llm", "proxy"),
                List.of(
                        switches.get(0).get("component").asText(),
                        switches.get(1).get("component").asText(),
                        switches.get(2).get("component").asText()));
        JsonNode proxy = switches.get(2);
        assertEquals("caddy (self-signed)", proxy.get("from").asText());
        assertEquals("none", proxy.get("to").asText());
        assertEquals("[\"caddy\"]", proxy.get("servicesOff").toString());
        assertEquals("[\"80/tcp\",\"443/tcp\"]", proxy.get("portsFreed").toString());
        assertEquals(
                "[\"caddy_data\",\"caddy_config\"]", proxy.get("volumesKept").toString());
        assertTrue(
                document.get("changes").toString().contains("\"action\":\"switch\""),
                document.get("changes").toString());
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void ollamaOffClearsTheSettingsThatPointedAtItAndTheSummarySaysThereIsNoLlm() {
        assertEquals(
                0, run("--cpu", "--ollama-cpu", "--llm-model", "qwen2.5:0.5b").exitCode());
        assertEquals("http://ollama-cpu:11435/v1", server().get("LLM_URL").orElseThrow());

        CliRun.Result off = run("--cpu");
        assertEquals(0, off.exitCode(), off::toString);
        for (String key : List.of("LLM_URL", "LLM_MODEL", "LLM_API_KEY")) {
            assertFalse(server().has(key), key + " still in server/.env");
        }
        assertTrue(off.err().contains("switch llm: ollama-cpu (qwen2.5:0.5b) -> none"), off.err());
        assertTrue(off.err().contains("remove server/.env LLM_URL"), off.err());
        assertTrue(off.err().contains("no LLM configured"), off.err());
        assertTrue(off.out().contains("  LLM:      none: LLM_URL is not set in server/.env"), off.out());
        assertTrue(off.out().contains("  Switched: llm: ollama-cpu (qwen2.5:0.5b) -> none\n"), off.out());
        assertEquals("none", EnvFiles.value(dir.resolve(".env"), "REFLECTOR_SETUP_OLLAMA"));

        // The same flags again: nothing switches, no byte changes.
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result again = run("--cpu");
        assertEquals(0, again.exitCode(), again::toString);
        assertFalse(again.out().contains("Switched:"), again.out());
        assertTrue(again.out().contains("Changes:  none: everything was already as asked"), again.out());
        assertEquals(before, DirectorySnapshot.of(dir));

        // On again: as a fresh install writes it.
        assertEquals(0, run("--cpu", "--ollama-gpu").exitCode());
        assertEquals("http://ollama:11435/v1", server().get("LLM_URL").orElseThrow());
        assertEquals("qwen2.5:14b", server().get("LLM_MODEL").orElseThrow());
        assertEquals("not-needed", server().get("LLM_API_KEY").orElseThrow());
    }

    @Test
    void anLlmUrlOfYourOwnIsKeptAndShown() throws Exception {
        assertEquals(0, run("--cpu").exitCode());
        Path env = dir.resolve("server/.env");
        Files.writeString(env, Files.readString(env) + "LLM_URL=https://llm.example.com/v1\nLLM_MODEL=gpt-4o-mini\n");
        CliRun.Result result = run("--cpu");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("https://llm.example.com/v1", server().get("LLM_URL").orElseThrow());
        assertTrue(
                result.out().contains("  LLM:      external: https://llm.example.com (LLM_URL in server/.env)"),
                result.out());
    }

    @Test
    void caddyOffRewritesEveryUrlToTheLocalOnes() {
        assertEquals(0, run("--cpu", "--domain", "r.example.com").exitCode());
        assertEquals("https://r.example.com", server().get("BASE_URL").orElseThrow());
        CliRun.Result off = run("--cpu");
        assertEquals(0, off.exitCode(), off::toString);
        assertTrue(off.err().contains("switch proxy: caddy for the domain r.example.com -> none"), off.err());
        assertEquals("http://192.0.2.10", server().get("BASE_URL").orElseThrow());
        assertEquals("http://192.0.2.10", server().get("CORS_ORIGIN").orElseThrow());
        EnvFile www = EnvFiles.read(dir.resolve("www/.env"));
        for (String key : List.of("SITE_URL", "NEXTAUTH_URL", "API_URL")) {
            assertFalse(www.get(key).orElseThrow().contains("r.example.com"), key + " = " + www.get(key));
        }
        assertTrue(off.out().contains("  Proxy:    none"), off.out());
    }

    @Test
    void withoutPasswordLoginIsKeptAndOnlyPublicSwitchesItOff(@TempDir Path secrets) throws Exception {
        Path password = secrets.resolve("password");
        Files.writeString(password, "switch-Passw0rd\n");
        CliRun.Result on = run("--cpu", "--password-file", password.toString());
        assertEquals(0, on.exitCode(), on::toString);
        assertFalse(on.out().contains("Switched: login"), "a first install switches nothing:\n" + on.out());

        CliRun.Result kept = run("--cpu");
        assertFalse(kept.out().contains("Switched:"), kept.out());
        assertEquals("password", server().get("AUTH_BACKEND").orElseThrow());

        CliRun.Result off = run("--cpu", "--public");
        assertEquals(0, off.exitCode(), off::toString);
        assertTrue(off.out().contains("  Switched: login: password -> none (public)"), off.out());
        assertEquals("none", server().get("AUTH_BACKEND").orElseThrow());
    }

    @Test
    void aDeploymentWithoutRecordedOptionsIsReadFromItsFiles() throws Exception {
        assertEquals(0, run("--cpu", "--ollama-cpu").exitCode());
        // As an older installer left it: no options recorded. Without Docker the model mode is unknown: nothing is
        // said.
        Path root = dir.resolve(".env");
        Files.writeString(root, Files.readString(root).replaceAll("(?m)^REFLECTOR_SETUP_[A-Z_]+=.*\n", ""));
        CliRun.Result result = run("--cpu");
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(result.out().contains("Switched:"), result.out());
        // The setting still goes: it names an Ollama this run does not run.
        assertFalse(server().has("LLM_URL"));
    }
}
