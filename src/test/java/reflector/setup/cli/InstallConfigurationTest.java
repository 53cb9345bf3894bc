package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reflector.setup.config.BuildSources;
import reflector.setup.config.ProjectName;
import reflector.setup.config.Releases;
import reflector.setup.support.CliRun;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.EnvFiles;
import reflector.setup.support.ScriptedTerminal;

/**
 * The configuration half of an install, without Docker: the values upstream-behaviour.md lists
 * for each flag combination, written by the real command line.
 */
class InstallConfigurationTest {
    static final String CONFIG_STEPS = "secrets,server-env,www-env,caddyfile";

    @TempDir
    Path dir;

    CliRun.Result install(CliRun run, String... flags) {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--dir", dir.toString(), "--only", CONFIG_STEPS, "--non-interactive"));
        CliRun.Result result = run.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    CliRun.Result install(String... flags) {
        return install(new CliRun(), flags);
    }

    String server(String key) {
        return EnvFiles.value(dir.resolve("server/.env"), key);
    }

    String www(String key) {
        return EnvFiles.value(dir.resolve("www/.env"), key);
    }

    static Stream<Arguments> publicUrls() {
        return Stream.of(
                Arguments.of(
                        List.of("--cpu", "--domain", "reflector.example.com"),
                        "192.0.2.10",
                        "https://reflector.example.com",
                        "https://reflector.example.com"),
                Arguments.of(List.of("--cpu", "--caddy"), "192.0.2.10", "https://192.0.2.10", "https://192.0.2.10"),
                Arguments.of(List.of("--cpu", "--caddy"), null, "https://localhost", "https://localhost"),
                Arguments.of(List.of("--cpu"), "192.0.2.10", "http://192.0.2.10", "http://192.0.2.10"),
                Arguments.of(List.of("--cpu"), null, "http://localhost:1250", "http://localhost"),
                Arguments.of(
                        List.of("--cpu", "--public-url", "https://meet.example.com/"),
                        "192.0.2.10",
                        "https://meet.example.com",
                        "https://meet.example.com"));
    }

    @ParameterizedTest
    @MethodSource("publicUrls")
    void publicUrlsFollowDomainCaddyAndAddress(List<String> flags, String address, String serverUrl, String siteUrl) {
        install(new CliRun().detectedAddress(address), flags.toArray(String[]::new));
        assertEquals(serverUrl, server("BASE_URL"));
        assertEquals(serverUrl, server("CORS_ORIGIN"));
        assertEquals(siteUrl, www("SITE_URL"));
        assertEquals(siteUrl, www("NEXTAUTH_URL"));
        assertEquals(siteUrl, www("API_URL"));
        if (address == null) {
            assertFalse(EnvFiles.read(dir.resolve("server/.env")).has("WEBRTC_HOST"));
        } else {
            assertEquals(address, server("WEBRTC_HOST"));
        }
    }

    @Test
    void publicIpOptionOverridesDetection() {
        install(new CliRun().detectedAddress("10.1.2.3"), "--cpu", "--caddy", "--public-ip", "192.0.2.77");
        assertEquals("192.0.2.77", server("WEBRTC_HOST"));
        assertEquals("https://192.0.2.77", server("BASE_URL"));
    }

    /** The model server falls back to a public copy of the diarization model (gpu/self_hosted/app/services/diarizer.py). */
    @Test
    void withoutAHuggingFaceTokenTheNoteSaysDiarizationStillWorks() {
        CliRun.Result result = install("--cpu");
        assertTrue(result.err().contains("no HuggingFace token: diarization still works"), result::toString);
        assertFalse(result.err().contains("will not work"), result::toString);
    }

    /** The compose file gives Ollama ${LLM_CONTEXT_WINDOW} of the root .env: the backend's value, copied on every run. */
    @Test
    void ollamasContextFollowsTheBackendsContextWindow() throws Exception {
        install("--cpu", "--ollama-cpu");
        assertEquals("16000", EnvFiles.value(dir.resolve(".env"), "LLM_CONTEXT_WINDOW"));
        Path env = dir.resolve("server/.env");
        Files.writeString(env, Files.readString(env).replace("LLM_CONTEXT_WINDOW=16000", "LLM_CONTEXT_WINDOW=32000"));
        CliRun.Result result = install("--cpu", "--ollama-cpu");
        assertEquals("32000", EnvFiles.value(dir.resolve(".env"), "LLM_CONTEXT_WINDOW"));
        assertTrue(result.err().contains("set .env LLM_CONTEXT_WINDOW = 32000"), result::toString);
        Files.writeString(env, Files.readString(env).replace("LLM_CONTEXT_WINDOW=32000", "LLM_CONTEXT_WINDOW=lots"));
        CliRun.Result bad = install("--cpu", "--ollama-cpu");
        assertEquals("16000", EnvFiles.value(dir.resolve(".env"), "LLM_CONTEXT_WINDOW"));
        assertTrue(bad.err().contains("LLM_CONTEXT_WINDOW in server/.env is not a whole number"), bad::toString);
    }

    @Test
    void fixedBackendValuesAreSetOnEveryRun() {
        install("--cpu");
        assertEquals("postgresql+asyncpg://reflector:reflector@postgres:5432/reflector", server("DATABASE_URL"));
        assertEquals("redis", server("REDIS_HOST"));
        assertEquals("redis://redis:6379/1", server("CELERY_BROKER_URL"));
        assertEquals("redis://redis:6379/1", server("CELERY_RESULT_BACKEND"));
        for (String key : List.of("TRANSCRIPT_BACKEND", "DIARIZATION_BACKEND", "TRANSLATION_BACKEND")) {
            assertEquals("modal", server(key));
        }
        for (String key : List.of("TRANSCRIPT_URL", "DIARIZATION_URL", "TRANSLATE_URL")) {
            assertEquals("http://transcription:8000", server(key));
        }
        assertEquals("selfhosted", server("TRANSCRIPT_MODAL_API_KEY"));
        assertEquals("true", server("DIARIZATION_ENABLED"));
        assertEquals("aws", server("TRANSCRIPT_STORAGE_BACKEND"));
        assertEquals("none", server("AUTH_BACKEND"));
        assertEquals("true", server("PUBLIC_MODE"));
        assertEquals("auto", www("WEBSOCKET_URL"));
        assertEquals("http://server:1250", www("SERVER_API_URL"));
        assertEquals("redis://redis:6379", www("KV_URL"));
        assertEquals("false", www("FEATURE_REQUIRE_LOGIN"));
    }

    @Test
    void freshInstallStartsFromTheTemplatesAndKeepsTheirComments() throws Exception {
        install("--cpu");
        String server = Files.readString(dir.resolve("server/.env"));
        assertTrue(server.startsWith("# Reflector backend configuration"), server);
        assertEquals("16000", server("LLM_CONTEXT_WINDOW"));
        assertEquals("6379", server("REDIS_PORT"));
        assertTrue(Files.readString(dir.resolve("www/.env")).startsWith("# Reflector frontend configuration"));
    }

    static Stream<Arguments> ollamaModes() {
        return Stream.of(
                Arguments.of(List.of("--gpu", "--ollama-gpu"), "http://ollama:11435/v1", "qwen2.5:14b"),
                Arguments.of(List.of("--cpu", "--ollama-cpu"), "http://ollama-cpu:11435/v1", "qwen2.5:14b"),
                Arguments.of(
                        List.of("--cpu", "--ollama-cpu", "--llm-model", "mistral"),
                        "http://ollama-cpu:11435/v1",
                        "mistral"));
    }

    @ParameterizedTest
    @MethodSource("ollamaModes")
    void ollamaSetsTheLlmKeys(List<String> flags, String url, String model) {
        install(flags.toArray(String[]::new));
        assertEquals(url, server("LLM_URL"));
        assertEquals(model, server("LLM_MODEL"));
        assertEquals("not-needed", server("LLM_API_KEY"));
    }

    @Test
    void withoutOllamaTheLlmKeysAreLeftAloneWithAWarning() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(
                dir.resolve("server/.env"), "LLM_URL=https://llm.example.com/v1\nLLM_API_KEY=sk-user-key-123\n");
        CliRun.Result result = install("--cpu");
        assertEquals("https://llm.example.com/v1", server("LLM_URL"));
        assertEquals("sk-user-key-123", server("LLM_API_KEY"));
        assertFalse(result.err().contains("no LLM configured"), result.err());
        assertFalse(result.err().contains("sk-user-key-123") || result.out().contains("sk-user-key-123"));

        Files.writeString(dir.resolve("server/.env"), "LLM_URL=http://host.docker.internal:11434/v1\n");
        assertTrue(install("--cpu").err().contains("no LLM configured"));
    }

    @Test
    void secretsAreGeneratedOnceAndKept() throws Exception {
        install("--cpu");
        String secretKey = server("SECRET_KEY");
        String nextAuth = www("NEXTAUTH_SECRET");
        assertTrue(secretKey.matches("[0-9a-f]{64}"), secretKey);
        assertTrue(nextAuth.matches("[0-9a-f]{64}"), nextAuth);
        assertNotEquals(secretKey, nextAuth);
        install("--cpu");
        assertEquals(secretKey, server("SECRET_KEY"));
        assertEquals(nextAuth, www("NEXTAUTH_SECRET"));
    }

    @Test
    void aChangemePlaceholderIsReplacedAndAUserSecretKept() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("server/.env"), "SECRET_KEY=changeme-please\n");
        Files.writeString(dir.resolve("www/.env"), "NEXTAUTH_SECRET=my-own-secret-value\n");
        install("--cpu");
        assertTrue(server("SECRET_KEY").matches("[0-9a-f]{64}"));
        assertEquals("my-own-secret-value", www("NEXTAUTH_SECRET"));
    }

    @Test
    void userLinesCommentsAndOrderSurviveByteForByte() throws Exception {
        install("--cpu", "--public-ip", "192.0.2.10");
        Path server = dir.resolve("server/.env");
        String edited = Files.readString(server)
                .replace("REDIS_PORT=6379", "REDIS_PORT=6379\n# my note\nSENTRY_DSN='https://k@x/1'  # inline\n");
        Files.writeString(server, edited);
        install("--cpu", "--domain", "reflector.example.com", "--public-ip", "192.0.2.10");
        String after = Files.readString(server);
        assertEquals(
                edited.replace("https://192.0.2.10", "https://reflector.example.com")
                        .replace("http://192.0.2.10", "https://reflector.example.com"),
                after);
    }

    @Test
    void filesHoldingSecretsAre0600() throws Exception {
        install("--cpu", "--caddy", "--hf-token", "hf_abcdefghijklmnop");
        for (String file : List.of("server/.env", "www/.env", ".env")) {
            assertEquals(
                    "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))), file);
        }
        assertEquals(
                "rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("Caddyfile"))));
    }

    @Test
    void worldReadableEnvFilesFromTheOldInstallerAreTightened() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Path server = dir.resolve("server/.env");
        Files.writeString(server, "SECRET_KEY=0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rw-r--r--"));
        install("--cpu");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server)));
    }

    @Test
    void secretFilesWhoseContentIsAlreadyRightAreStillRestrictedTo0600() throws Exception {
        install("--cpu", "--hf-token", "hf_abcdefghijklmnop");
        for (String file : List.of("server/.env", "www/.env", ".env")) {
            Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        String before = Files.readString(dir.resolve("server/.env"));
        CliRun.Result again = install("--cpu");
        for (String file : List.of("server/.env", "www/.env", ".env")) {
            assertEquals(
                    "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))), file);
        }
        assertEquals(before, Files.readString(dir.resolve("server/.env")));
        assertTrue(again.err().contains("restrict server/.env to its owner (mode 0600)"), again.err());
    }

    @Test
    void hfTokenComesFromTheOptionOrTheEnvironmentAndIsAskedOnlyOnce() throws Exception {
        install(new CliRun().env("HF_TOKEN", "hf_fromtheenvironment"), "--cpu");
        assertEquals("hf_fromtheenvironment", EnvFiles.value(dir.resolve(".env"), "HF_TOKEN"));
        install("--cpu");
        assertEquals(
                "hf_fromtheenvironment",
                EnvFiles.value(dir.resolve(".env"), "HF_TOKEN"),
                "kept on a re-run without it");
        CliRun.Result other = install(new CliRun().env("HF_TOKEN", "hf_anotherenvironment"), "--cpu");
        assertEquals(
                "hf_fromtheenvironment", EnvFiles.value(dir.resolve(".env"), "HF_TOKEN"), "the .env wins, as upstream");
        assertTrue(other.err().contains("HF_TOKEN in the environment differs"), other.err());
        install("--cpu", "--hf-token", "hf_fromtheoption");
        assertEquals("hf_fromtheoption", EnvFiles.value(dir.resolve(".env"), "HF_TOKEN"));
    }

    @Test
    void aSkippedHfTokenIsStoredEmptyAndNotAskedAgain() throws Exception {
        CliRun.Result first = new CliRun()
                .terminal(new ScriptedTerminal("\n"))
                .run("--cpu", "--dir", dir.toString(), "--only", CONFIG_STEPS);
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals("", EnvFiles.value(dir.resolve(".env"), "HF_TOKEN"));
        // No input left: a second question would hit end of input and fail.
        CliRun.Result second = new CliRun()
                .terminal(new ScriptedTerminal(""))
                .run("--cpu", "--dir", dir.toString(), "--only", CONFIG_STEPS);
        assertEquals(0, second.exitCode(), second::toString);
    }

    @Test
    void theRootEnvRecordsTheProjectAndOneReflectorVersion() throws Exception {
        install("--cpu");
        String release = Releases.DEFAULT_TAG;
        assertEquals(
                ProjectName.normalise(dir.getFileName().toString()),
                EnvFiles.value(dir.resolve(".env"), "COMPOSE_PROJECT_NAME"));
        assertEquals(release, EnvFiles.value(dir.resolve(".env"), "REFLECTOR_VERSION"));
        assertEquals(release, EnvFiles.value(dir.resolve(".env"), "REFLECTOR_IMAGE_TAG"));
        for (String[] context : new String[][] {{"MODEL", "gpu/self_hosted"}, {"SERVER", "server"}, {"WEB", "www"}}) {
            assertEquals(
                    BuildSources.UPSTREAM_REPOSITORY + "#" + release + ":" + context[1],
                    EnvFiles.value(dir.resolve(".env"), "REFLECTOR_" + context[0] + "_CONTEXT"));
        }
    }

    @Test
    void aReRunKeepsTheRecordedVersionAndMovingIsExplicitAndShown() throws Exception {
        install("--cpu", "--reflector-version", "v0.35.1");
        CliRun.Result again = install("--cpu");
        assertEquals("v0.35.1", EnvFiles.value(dir.resolve(".env"), "REFLECTOR_VERSION"));
        assertFalse(again.err().contains("move Reflector"), again.err());
        CliRun.Result moved = install("--cpu", "--reflector-version", "v0.36.0");
        assertTrue(moved.err().contains("move Reflector from v0.35.1 to v0.36.0"), moved.err());
        assertEquals("v0.36.0", EnvFiles.value(dir.resolve(".env"), "REFLECTOR_IMAGE_TAG"));
        assertEquals(
                BuildSources.UPSTREAM_REPOSITORY + "#v0.36.0:gpu/self_hosted",
                EnvFiles.value(dir.resolve(".env"), "REFLECTOR_MODEL_CONTEXT"));
    }

    @Test
    void aReflectorCheckoutBuildsAllThreeImagesFromItself() throws Exception {
        for (String file : List.of("server/Dockerfile", "www/Dockerfile", "gpu/self_hosted/Dockerfile")) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), "FROM scratch\n");
        }
        install("--cpu");
        assertEquals("checkout", EnvFiles.value(dir.resolve(".env"), "REFLECTOR_VERSION"));
        assertEquals("./server", EnvFiles.value(dir.resolve(".env"), "REFLECTOR_SERVER_CONTEXT"));
        assertEquals("./www", EnvFiles.value(dir.resolve(".env"), "REFLECTOR_WEB_CONTEXT"));
        assertEquals("./gpu/self_hosted", EnvFiles.value(dir.resolve(".env"), "REFLECTOR_MODEL_CONTEXT"));
    }

    @Test
    void theProjectNameIsChosenOnceAndKept() throws Exception {
        install("--cpu", "--project-name", "meetings");
        assertEquals("meetings", EnvFiles.value(dir.resolve(".env"), "COMPOSE_PROJECT_NAME"));
        install("--cpu");
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result renamed = new CliRun()
                .run(
                        "--cpu",
                        "--project-name",
                        "other",
                        "--dir",
                        dir.toString(),
                        "--only",
                        CONFIG_STEPS,
                        "--non-interactive");
        assertEquals(2, renamed.exitCode(), renamed::toString);
        assertTrue(renamed.err().contains("this deployment is project 'meetings'"), renamed.err());
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    static Stream<List<String>> flagCombinations() {
        return Stream.of(
                List.of("--cpu"),
                List.of("--gpu", "--garage", "--caddy", "--public-ip", "192.0.2.10"),
                List.of("--gpu", "--ollama-gpu", "--domain", "reflector.example.com"),
                List.of("--cpu", "--ollama-cpu", "--llm-model", "mistral", "--caddy", "--hf-token", "hf_tokenvalue123"),
                List.of("--cpu", "--caddy", "--password-file", "PASSWORD_FILE"),
                List.of("--cpu", "--public-url", "https://meet.example.com", "--public-ip", "192.0.2.10"));
    }

    @ParameterizedTest
    @MethodSource("flagCombinations")
    void aSecondRunWithTheSameFlagsChangesNoByte(List<String> flags) throws Exception {
        Path passwordFile =
                Files.writeString(Files.createTempFile("pw", ".txt"), "a long password 'with' $pecial\\chars\n");
        String[] args = flags.stream()
                .map(f -> f.equals("PASSWORD_FILE") ? passwordFile.toString() : f)
                .toArray(String[]::new);
        install(args);
        DirectorySnapshot first = DirectorySnapshot.of(dir);
        CliRun.Result again = install(args);
        assertEquals(first, DirectorySnapshot.of(dir));
        assertTrue(again.out().contains("Changes:  none: everything was already as asked"), again::toString);
        Files.delete(passwordFile);
    }

    @Test
    void dryRunWritesNothingAndShowsTheDiffWithoutSecrets() throws Exception {
        Path target = dir.resolve("fresh");
        CliRun.Result result = new CliRun()
                .run(
                        "--cpu",
                        "--garage",
                        "--caddy",
                        "--dir",
                        target.toString(),
                        "--dry-run",
                        "--non-interactive",
                        "--hf-token",
                        "hf_secretdrytoken",
                        "--public-ip",
                        "192.0.2.10");
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(Files.exists(target), "dry run created " + target);
        assertTrue(result.out().contains("+++ b/server/.env"), result.out());
        assertTrue(result.out().contains("+BASE_URL=https://192.0.2.10"), result.out());
        assertTrue(result.out().contains("+++ b/Caddyfile"), result.out());
        assertTrue(result.out().contains("--profile caddy build cpu"), result.out());
        String printed = (result.out() + result.err()).replaceAll("sha256:[0-9a-f]{64}", "(checksum)");
        assertFalse(printed.matches("(?s).*[0-9a-f]{64}.*"), "a generated secret was printed");
        assertFalse((result.out() + result.err()).contains("hf_secretdrytoken"));
    }

    @Test
    void dryRunOnAnExistingDeploymentWritesNothing() throws Exception {
        install("--cpu", "--public-ip", "192.0.2.10");
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result result = new CliRun()
                .run(
                        "--cpu",
                        "--domain",
                        "reflector.example.com",
                        "--dir",
                        dir.toString(),
                        "--dry-run",
                        "--non-interactive",
                        "--public-ip",
                        "192.0.2.10",
                        "--garage");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(before, DirectorySnapshot.of(dir));
        assertTrue(result.out().contains("-BASE_URL=http://192.0.2.10"), result.out());
        assertTrue(result.out().contains("+BASE_URL=https://reflector.example.com"), result.out());
    }

    @Test
    void aDryRunOfAnUpToDateDeploymentPlansNoChange() throws Exception {
        install("--cpu", "--caddy", "--public-ip", "192.0.2.10");
        CliRun.Result text = new CliRun()
                .run(
                        "--cpu",
                        "--caddy",
                        "--public-ip",
                        "192.0.2.10",
                        "--dir",
                        dir.toString(),
                        "--only",
                        CONFIG_STEPS,
                        "--non-interactive",
                        "--dry-run");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().contains("No file would change."), text.out());
        assertTrue(text.out().contains("Changes:  none"), text.out());
    }

    @Test
    void aDryRunWithJsonOutputIsOneValidDocumentWithThePlan() throws Exception {
        CliRun.Result result = new CliRun()
                .run(
                        "--cpu",
                        "--garage",
                        "--caddy",
                        "--public-ip",
                        "192.0.2.10",
                        "--dir",
                        dir.resolve("new").toString(),
                        "--non-interactive",
                        "--dry-run",
                        "--output",
                        "json");
        assertEquals(0, result.exitCode(), result::toString);
        var json = new ObjectMapper().readTree(result.out());
        assertTrue(json.get("dryRun").asBoolean());
        var files = json.get("plan").get("files");
        List<String> paths = new ArrayList<>();
        files.forEach(file -> paths.add(file.get("path").asText()));
        assertTrue(
                paths.containsAll(List.of("server/.env", "www/.env", ".env", "data/garage.toml", "Caddyfile")),
                paths.toString());
        assertTrue(
                json.get("plan").get("dockerActions").size() >= 3,
                json.get("plan").toString());
        assertFalse(
                result.out().replaceAll("sha256:[0-9a-f]{64}", "").matches("(?s).*[0-9a-f]{64}.*"),
                "a secret was printed");
        assertFalse(Files.exists(dir.resolve("new")));
    }

    @Test
    void jsonOutputIsOneDocumentWithTheChanges() throws Exception {
        CliRun.Result result = install("--cpu", "--output", "json", "--public-ip", "192.0.2.10");
        var json = new ObjectMapper().readTree(result.out());
        assertEquals("ok", json.get("result").asText());
        assertEquals("http://192.0.2.10", json.get("urls").get("site").asText());
        assertTrue(json.get("changed").asBoolean());
        assertEquals(
                "secrets",
                json.get("steps").get(4).get("name").asText(),
                "after prerequisites, switches, storage-move and bundle");
    }
}
