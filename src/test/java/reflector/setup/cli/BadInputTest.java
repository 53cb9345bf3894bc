package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reflector.setup.support.CliRun;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.EnvFiles;
import reflector.setup.support.ScriptedTerminal;

/** Bad input: exit 2, one clear line that names the option, and nothing on disk changes. */
class BadInputTest {
    @TempDir
    Path dir;

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(List.of("--garage"), "--gpu or --cpu"),
                Arguments.of(List.of("--gpu", "--cpu"), "--gpu"),
                Arguments.of(List.of("--cpu", "--cpu"), "--cpu"),
                Arguments.of(List.of("--cpu", "--ollama-cpu", "--ollama-gpu"), "--ollama"),
                Arguments.of(List.of("--cpu", "--domain", "x.com {\n}"), "--domain"),
                Arguments.of(List.of("--cpu", "--domain", "evil.com\nrespond 200"), "--domain"),
                Arguments.of(List.of("--cpu", "--domain", "a b.com"), "--domain"),
                Arguments.of(List.of("--cpu", "--domain", "{$DOMAIN}"), "--domain"),
                Arguments.of(List.of("--cpu", "--domain", "192.0.2.1"), "--domain"),
                Arguments.of(List.of("--cpu", "--ollama-cpu", "--llm-model", "bad model"), "--llm-model"),
                Arguments.of(List.of("--cpu", "--ollama-cpu", "--llm-model", "x\nLLM_URL=http://evil"), "--llm-model"),
                Arguments.of(List.of("--cpu", "--llm-model", "mistral"), "--llm-model"),
                Arguments.of(List.of("--cpu", "--public-ip", "999.1.1.1"), "--public-ip"),
                Arguments.of(List.of("--cpu", "--public-ip", "example.com"), "--public-ip"),
                Arguments.of(List.of("--cpu", "--public-url", "ftp://example.com"), "--public-url"),
                Arguments.of(List.of("--cpu", "--public-url", "https://example.com/$x"), "--public-url"),
                Arguments.of(List.of("--cpu", "--only", "secrets,bogus"), "--only"),
                Arguments.of(List.of("--cpu", "--skip", "everything"), "--skip"),
                Arguments.of(List.of("--cpu", "--ignore-preflight", "nope"), "--ignore-preflight"),
                Arguments.of(List.of("--cpu", "--password", "--public"), "--public"),
                Arguments.of(List.of("--cpu", "--password", "--skip", "secrets"), "--password"),
                Arguments.of(List.of("--cpu", "--public", "--only", "server-env,www-env"), "--public"),
                Arguments.of(List.of("--cpu", "--caddy", "--public-url", "https://meet.example.com"), "--public-url"),
                Arguments.of(List.of("--cpu", "--password", "short"), "--password"),
                Arguments.of(List.of("--cpu", "--garage", "--s3-bucket", "media"), "--s3-bucket"),
                Arguments.of(List.of("--cpu", "--s3-bucket", "Bad_Bucket", "--s3-region", "x"), "--s3-bucket"),
                Arguments.of(List.of("--cpu", "--garage", "--hf-token", "hf token with spaces"), "--hf-token"),
                Arguments.of(List.of("--cpu", "--force-caddyfile"), "--force-caddyfile"),
                Arguments.of(List.of("--cpu", "--no-such-flag"), "--no-such-flag"),
                Arguments.of(List.of("--cpu", "--output", "xml"), "--output"),
                Arguments.of(List.of("--cpu", "--source", "/nonexistent/reflector"), "--source"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void exitsTwoWithOneLineNamingTheOptionAndTouchesNothing(List<String> flags, String named) throws Exception {
        Files.writeString(dir.resolve("keep.txt"), "user file\n");
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        List<String> args = new ArrayList<>(flags);
        args.addAll(List.of("--dir", dir.toString(), "--non-interactive"));
        CliRun.Result result = new CliRun()
                .env("REFLECTOR_ADMIN_PASSWORD", "long enough password")
                .run(args.toArray(String[]::new));
        assertEquals(2, result.exitCode(), result::toString);
        List<String> errors =
                result.err().lines().filter(line -> line.startsWith("ERROR: ")).toList();
        assertEquals(1, errors.size(), result.err());
        String firstLine = errors.get(0);
        assertTrue(firstLine.contains(named), "the error should name " + named + ": " + result.err());
        assertFalse(firstLine.contains("\nrespond"));
        assertEquals(before, DirectorySnapshot.of(dir), "bad input changed the directory");
        assertEquals("", result.out());
    }

    @Test
    void missingValuesWithoutATerminalAreAllNamedInOneMessage() {
        CliRun.Result result = new CliRun()
                .env("REFLECTOR_S3_REGION", "eu-west-1")
                .run("--cpu", "--password", "--dir", dir.toString());
        assertEquals(2, result.exitCode(), result::toString);
        String error = result.err().lines().findFirst().orElse("");
        for (String option :
                List.of("--s3-access-key-id", "--s3-secret-access-key", "--s3-bucket", "REFLECTOR_ADMIN_PASSWORD")) {
            assertTrue(error.contains(option), error);
        }
        assertFalse(error.contains("--s3-region"), "the region came from the environment: " + error);
        assertFalse(Files.exists(dir.resolve("server")));
    }

    @Test
    void s3VariablesAreLeftAloneWithGarageWhileTheOptionsAreRefused() {
        CliRun run = new CliRun().env("REFLECTOR_S3_BUCKET", "meetings");
        assertEquals(
                0,
                run.run("--cpu", "--garage", "--dir", dir.toString(), "--only", "secrets")
                        .exitCode());
        CliRun.Result option = run.run("--cpu", "--garage", "--dir", dir.toString(), "--s3-bucket", "meetings");
        assertEquals(2, option.exitCode(), option::toString);
        assertTrue(option.err().contains("--s3-bucket: not with --garage"), option.err());
    }

    /**
     * python-dotenv substitutes ${...} in any quoting, and '$' cannot share a value with a single
     * quote: no server/.env line holds these for both readers. Refused whole, never echoed, from the
     * option and from the variable alike (picocli would have substituted ${HOME} in the variable).
     */
    @Test
    void s3SecretsThatNoEnvFileCanHoldAreRefusedWithoutEcho() {
        for (String secret : List.of("Unwritable${HOME}x", "Unwritable${X:-y}", "Unwritable'$5")) {
            for (boolean fromEnvironment : List.of(false, true)) {
                CliRun run = new CliRun();
                List<String> args = new ArrayList<>(List.of(
                        "--cpu",
                        "--dir",
                        dir.toString(),
                        "--non-interactive",
                        "--s3-access-key-id",
                        "minio-user",
                        "--s3-bucket",
                        "meetings",
                        "--s3-region",
                        "us-east-1"));
                if (fromEnvironment) {
                    run.env("REFLECTOR_S3_SECRET_ACCESS_KEY", secret);
                } else {
                    args.addAll(List.of("--s3-secret-access-key", secret));
                }
                CliRun.Result result = run.run(args.toArray(String[]::new));
                assertEquals(2, result.exitCode(), result::toString);
                assertEquals(1, result.err().lines().count(), result::toString);
                assertTrue(
                        result.err().startsWith("ERROR: --s3-secret-access-key: cannot be written to server/.env"),
                        result::toString);
                assertFalse((result.out() + result.err()).contains("Unwritable"), "the secret was echoed: " + result);
                assertFalse(Files.exists(dir.resolve("server")), "bad input wrote files");
            }
        }
    }

    @Test
    void theHelpNeverShowsWhatTheEnvironmentHolds() {
        CliRun.Result result = new CliRun()
                .env("REFLECTOR_S3_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                .env("REFLECTOR_S3_BUCKET", "meetings-bucket")
                .run("--help");
        assertEquals(0, result.exitCode());
        assertFalse(result.out().contains("wJalrXUtnFEMI") || result.out().contains("meetings-bucket"), result.out());
    }

    @Test
    void externalS3ValuesFromOptionsAndEnvironmentAreWritten() {
        CliRun.Result result = new CliRun()
                .env("REFLECTOR_S3_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                .run(
                        "--cpu",
                        "--dir",
                        dir.toString(),
                        "--non-interactive",
                        "--only",
                        "secrets,server-env,storage",
                        "--s3-access-key-id",
                        "AKIAIOSFODNN7EXAMPLE",
                        "--s3-bucket",
                        "meetings",
                        "--s3-region",
                        "eu-west-1",
                        "--s3-endpoint",
                        "https://s3.example.com");
        assertEquals(0, result.exitCode(), result::toString);
        Path env = dir.resolve("server/.env");
        assertEquals("AKIAIOSFODNN7EXAMPLE", EnvFiles.value(env, "TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID"));
        assertEquals(
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                EnvFiles.value(env, "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY"));
        assertEquals("meetings", EnvFiles.value(env, "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME"));
        assertEquals("https://s3.example.com", EnvFiles.value(env, "TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL"));
        assertFalse((result.out() + result.err()).contains("wJalrXUtnFEMI"), "the secret key was printed");
        CliRun.Result again = new CliRun()
                .run("--cpu", "--dir", dir.toString(), "--non-interactive", "--only", "secrets,server-env,storage");
        assertEquals(0, again.exitCode(), "values already in server/.env need not be given again: " + again);
    }

    @Test
    void withATerminalMissingS3ValuesAreAskedFor() {
        String answers = String.join(
                        "\n",
                        "" /* no HF token */,
                        "AKIAIOSFODNN7EXAMPLE",
                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                        "meetings",
                        "eu-west-1",
                        "" /* no endpoint */)
                + "\n";
        CliRun.Result result = new CliRun()
                .terminal(new ScriptedTerminal(answers))
                .run("--cpu", "--dir", dir.toString(), "--only", "secrets,server-env,storage");
        assertEquals(0, result.exitCode(), result::toString);
        Path env = dir.resolve("server/.env");
        assertEquals("meetings", EnvFiles.value(env, "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME"));
        assertEquals(
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                EnvFiles.value(env, "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY"));
        assertFalse(
                EnvFiles.read(env).get("TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL").isPresent(), "Enter skips the endpoint");
    }

    @Test
    void helpListsTheExitCodesAndExamples() {
        CliRun.Result result = new CliRun().run("--help");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("4  a service failed"), result.out());
        assertTrue(
                result.out().contains("--gpu --ollama-gpu --garage \\\n      --domain reflector.example.com"),
                result.out());
    }

    @Test
    void versionIsPrinted() {
        CliRun.Result result = new CliRun().run("--version");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().startsWith("reflector-setup "), result.out());
    }
}
