package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reflector.setup.config.OllamaMode;
import reflector.setup.config.S3Settings;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.envfile.EnvFile;
import reflector.setup.steps.StepRunner;

/** The resolver's decisions on plain values: no file, terminal, environment or network. */
class SettingsRulesTest {

    @Test
    void stepsLeftByOnlyAndSkip() {
        assertTrue(
                SettingsRules.steps(StepRunner.standard(), List.of(), List.of()).runs("caddyfile"));
        assertFalse(SettingsRules.steps(StepRunner.standard(), List.of(), List.of("caddyfile"))
                .runs("caddyfile"));
        assertEquals(
                "--only/--skip: no step is left to run (--only caddyfile, --skip caddyfile)",
                badInput(() -> SettingsRules.steps(StepRunner.standard(), List.of("caddyfile"), List.of("caddyfile"))));
    }

    @Test
    void preflightIgnoresAreKnownChecksOrAll() {
        assertEquals(Set.of("all"), SettingsRules.preflightIgnores(List.of(" all ")));
        assertEquals(Set.of("ports", "memory"), SettingsRules.preflightIgnores(List.of("ports", "memory", "ports")));
        assertTrue(badInput(() -> SettingsRules.preflightIgnores(List.of("portz")))
                .startsWith("--ignore-preflight: unknown check \"portz\"; checks are "));
    }

    @Test
    void theLlmModelIsOnlyForALocalOllama() {
        assertEquals(Optional.empty(), SettingsRules.llmModel(OllamaMode.NONE, null));
        assertEquals(Optional.of(Settings.DEFAULT_LLM_MODEL), SettingsRules.llmModel(OllamaMode.CPU, null));
        assertEquals(Optional.of("llama3.1:8b"), SettingsRules.llmModel(OllamaMode.GPU, "llama3.1:8b"));
        assertTrue(badInput(() -> SettingsRules.llmModel(OllamaMode.NONE, "llama3.1:8b"))
                .startsWith("--llm-model: only with --ollama-gpu or --ollama-cpu"));
        assertTrue(badInput(() -> SettingsRules.llmModel(OllamaMode.CPU, "bad model"))
                .startsWith("--llm-model: "));
    }

    @Test
    void aPasswordIsOneReadableLineOfSensibleLength() {
        SettingsRules.checkPassword("correct horse".toCharArray());
        assertEquals(
                "--password: the admin password must be at least 8 characters",
                badInput(() -> SettingsRules.checkPassword("short".toCharArray())));
        assertEquals(
                "--password: the admin password must be at most 1024 characters",
                badInput(() -> SettingsRules.checkPassword("x".repeat(1025).toCharArray())));
        assertEquals(
                "--password: the admin password must be one line",
                badInput(() -> SettingsRules.checkPassword("two\nlines here".toCharArray())));
        assertTrue(badInput(() -> SettingsRules.checkPassword("right\u202Eto left".toCharArray()))
                .startsWith("--password: the admin password must not contain control characters"));
        assertTrue(badInput(() -> SettingsRules.checkPassword("lone \uD800 surrogate".toCharArray()))
                .startsWith("--password: the admin password is not valid Unicode"));
        assertEquals(
                "--password and --public contradict each other",
                badInput(() -> SettingsRules.checkAuthChoice(true, true)));
        SettingsRules.checkAuthChoice(true, false);
        SettingsRules.checkAuthChoice(false, true);
    }

    @Test
    void theRootEnvsHfTokenWinsAndAnOverruledVariableIsSaid() {
        EnvFile withToken = EnvFile.parse("HF_TOKEN=hf_kept\n");
        EnvFile skipped = EnvFile.parse("HF_TOKEN=\n");
        EnvFile without = EnvFile.parse("OTHER=1\n");
        assertTrue(SettingsRules.rootEnvKeepsHfToken(withToken));
        assertTrue(SettingsRules.rootEnvKeepsHfToken(skipped), "an empty token means the question was answered");
        assertFalse(SettingsRules.rootEnvKeepsHfToken(without));
        assertTrue(SettingsRules.environmentHfTokenIgnored(withToken, Optional.of("hf_other")));
        assertFalse(SettingsRules.environmentHfTokenIgnored(withToken, Optional.of("hf_kept")));
        assertFalse(SettingsRules.environmentHfTokenIgnored(without, Optional.of("hf_other")));
        assertFalse(SettingsRules.environmentHfTokenIgnored(withToken, Optional.empty()));
    }

    @Test
    void anS3ValueIsAskedForOnlyWhenNeitherGivenNorInServerEnv() {
        EnvFile server =
                EnvFile.parse("TRANSCRIPT_STORAGE_AWS_BUCKET_NAME=recordings\nTRANSCRIPT_STORAGE_AWS_REGION=\n");
        assertTrue(SettingsRules.s3ValueKnown(Optional.empty(), server, "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME"));
        assertTrue(SettingsRules.s3ValueKnown(Optional.of("eu-west-1"), server, "TRANSCRIPT_STORAGE_AWS_REGION"));
        assertFalse(SettingsRules.s3ValueKnown(Optional.empty(), server, "TRANSCRIPT_STORAGE_AWS_REGION"));

        S3Settings given = new S3Settings(
                Optional.of("id"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertFalse(SettingsRules.askedForS3(given, given));
        assertTrue(SettingsRules.askedForS3(
                given,
                new S3Settings(
                        Optional.of("id"),
                        Optional.empty(),
                        Optional.of("answered"),
                        Optional.empty(),
                        Optional.empty())));
    }

    @Test
    void everythingMissingIsNamedInOneMessage() {
        InstallerException missing = SettingsRules.missing(List.of("--s3-bucket", "--s3-region"), false);
        assertEquals(ExitCode.BAD_INPUT, missing.exitCode());
        assertEquals(
                "missing --s3-bucket, --s3-region (no terminal to ask; give them as options or environment variables)",
                missing.getMessage());
        assertEquals(
                "missing --s3-bucket",
                SettingsRules.missing(List.of("--s3-bucket"), true).getMessage());
    }

    private static String badInput(Runnable rule) {
        InstallerException e = assertThrows(InstallerException.class, rule::run);
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        return e.getMessage();
    }
}
