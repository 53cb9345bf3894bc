package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.InstallArguments;
import reflector.setup.config.Settings;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.files.FileBytes;
import reflector.setup.install.Host;
import reflector.setup.output.Console;
import reflector.setup.output.Terminal;
import reflector.setup.output.Verbosity;

/** What the resolver reads of an existing deployment: each env file once, whatever decides on it. */
class SettingsResolverFilesTest {
    @TempDir
    Path dir;

    @Test
    void eachEnvFileIsReadOnce() throws Exception {
        // Every reader of the files has something to decide: the ACME options and the recorded version
        // (root .env), the HuggingFace token (root .env), the retention and the external S3 values
        // (server/.env), the project (root .env).
        Files.writeString(dir.resolve(".env"), "HF_TOKEN=\nCOMPOSE_PROJECT_NAME=kept-project\n");
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(
                dir.resolve("server/.env"),
                "TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"
                        + "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
                        + "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME=recordings\nTRANSCRIPT_STORAGE_AWS_REGION=us-east-1\n");
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/.env"), "AUTH_PROVIDER=credentials\n");
        Map<String, Integer> reads = new TreeMap<>();
        FileBytes counting = path -> {
            reads.merge(dir.toRealPath().relativize(path).toString(), 1, Integer::sum);
            return Files.readAllBytes(path);
        };

        Settings settings = resolver(
                        List.of("--cpu", "--domain", "reflector.example.com", "--public-ip", "192.0.2.10"), counting)
                .resolve();

        assertEquals(Map.of(".env", 1, "server/.env", 1, "www/.env", 1), reads);
        assertEquals("kept-project", settings.deployment().project().name());
        assertEquals(Optional.empty(), settings.secrets().hfToken(), "the root .env's (empty) token is kept");
        assertTrue(settings.deployment().s3().bucket().isEmpty(), "server/.env has the bucket: nothing asked or given");
    }

    @Test
    void aNewDirectoryIsReadForNothingButTheTemplates() throws Exception {
        Map<String, Integer> reads = new TreeMap<>();
        FileBytes counting = path -> {
            reads.merge(path.getFileName().toString(), 1, Integer::sum);
            return Files.readAllBytes(path);
        };

        Settings settings = resolver(List.of("--cpu", "--garage", "--public-ip", "192.0.2.10"), counting)
                .resolve();

        assertEquals(Map.of(), reads);
        assertEquals(dir.toRealPath(), settings.deployment().dir());
    }

    private SettingsResolver resolver(List<String> words, FileBytes files) {
        InstallOptions options = RecordedInstall.options(
                new RecordedInstall.Arguments(InstallArguments.readVersion1(String.join(" ", words)), "the test"),
                adjust -> adjust.dir = dir);
        StringWriter out = new StringWriter();
        Host host = new Host(
                new PrintWriter(out),
                new PrintWriter(out),
                Map.of(),
                Terminal.NONE,
                () -> {
                    throw new DockerUnavailableException("no Docker in this test", null);
                },
                Optional::empty,
                Clock.systemUTC(),
                new SecureRandom());
        VersionResolver versions =
                new VersionResolver((repository, ref) -> Optional.empty(), checkout -> Optional.empty());
        return new SettingsResolver(
                options, host, new Console(new PrintWriter(out), Verbosity.QUIET, false), versions, files);
    }
}
