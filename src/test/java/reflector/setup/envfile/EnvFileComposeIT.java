package reflector.setup.envfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.text.SafeText;

/**
 * Reads our files with the real Docker Compose ({@code env_file:} of a throwaway service, seen
 * through {@code docker compose config}, which needs no running engine).
 */
class EnvFileComposeIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void requireDockerCompose() {
        boolean installed;
        try {
            installed = run(List.of("docker", "compose", "version"), null).exitCode == 0;
        } catch (IOException | InterruptedException e) {
            installed = false;
        }
        Assumptions.assumeTrue(installed, "docker compose is not installed");
    }

    @Test
    void composeReadsEveryValueBack() throws Exception {
        RoundTripFile.assertEveryValueReadsBack(this::read);
    }

    @Test
    void composeSeesInPlaceUpdates() throws Exception {
        RoundTripFile.assertInPlaceUpdatesReadBack(this::read);
    }

    /** Our reader agrees with Compose on a file we did not write, with Compose's own quirks. */
    @Test
    void getAgreesWithCompose() throws Exception {
        String text = String.join(
                "\n",
                "A=x#y",
                "B=x #y",
                "C='it\\'s'",
                "D=\"a\\\\b\\\"c\\td\\'e\"",
                "E=  spaced  ",
                "F='${LIT}'",
                "G=\"\\0123 \\0 \\01 \\0777 \\0089 \\c \\x41\"",
                "H='a\\\\'",
                "I=\"a\\\\\"",
                "J='x\\y\\\\z' # comment",
                "export K=exported",
                "L=\"multi",
                "line\"",
                "M=",
                "");
        Map<String, String> actual = read(text);
        for (ComposeDotenv.Statement statement : ComposeDotenv.read(text)) {
            assertEquals(actual.get(statement.key()), statement.value(), statement.key());
        }
    }

    /**
     * The model of Compose's parser that {@link EnvFile#parse} relies on, against Compose itself on
     * the hostile texts: the same errors, and the same values where no '$' is expanded.
     */
    @Test
    void composeModelMatchesCompose() throws Exception {
        List<String> texts = new ArrayList<>(HostileEnvTexts.HANDPICKED);
        texts.addAll(HostileEnvTexts.fuzz(13, 150));
        for (String text : texts) {
            Map<String, String> model = new HashMap<>();
            boolean modelFails = false;
            boolean expands = false;
            try {
                for (ComposeDotenv.Statement statement : ComposeDotenv.read(text)) {
                    if (statement.value() == null) {
                        model.remove(statement.key());
                        continue;
                    }
                    expands |= statement.quote() != '\'' && statement.value().contains("$");
                    model.put(statement.key(), statement.value());
                }
            } catch (ComposeDotenv.SyntaxError e) {
                modelFails = true;
            }
            Files.writeString(dir.resolve("test.env"), text, StandardCharsets.UTF_8);
            Result result = config();
            assertEquals(modelFails, result.exitCode != 0, () -> "text " + SafeText.quote(text) + ": " + result.output);
            if (!modelFails && !expands) {
                Map<String, String> actual = environment(result);
                actual.values().removeIf(Objects::isNull);
                assertEquals(model, actual, () -> "text " + SafeText.quote(text));
            }
        }
    }

    /** What the installer writes for an S3 secret with '$', '#', quotes, braces or spaces is what the containers get. */
    @Test
    void composeReadsTheS3SecretsTheInstallerWrote() throws Exception {
        for (Map.Entry<Path, String> entry :
                InstalledS3Secrets.install(dir.resolve("installs")).entrySet()) {
            assertEquals(
                    entry.getValue(),
                    read(Files.readString(entry.getKey())).get(InstalledS3Secrets.KEY),
                    () -> entry.getKey().toString());
        }
    }

    /** Evidence for the refusals: Compose interpolates {@code $} outside single quotes. */
    @Test
    void composeMisreadsWhatWeRefuse() throws Exception {
        Map<String, String> actual = read("A=\"a$$b\"\nB=a$$b\n");
        assertNotEquals("a$$b", actual.get("A"));
        assertNotEquals("a$$b", actual.get("B"));
    }

    private Map<String, String> read(String text) throws Exception {
        Files.writeString(dir.resolve("test.env"), text, StandardCharsets.UTF_8);
        Result result = config();
        if (result.exitCode != 0) {
            fail("docker compose config failed: " + result.output);
        }
        return environment(result);
    }

    private Result config() throws Exception {
        Files.writeString(
                dir.resolve("compose.yml"),
                "services:\n  probe:\n    image: never-pulled.invalid/probe\n    env_file: [test.env]\n");
        return run(List.of("docker", "compose", "-f", "compose.yml", "config", "--format", "json"), dir);
    }

    private static Map<String, String> environment(Result result) throws Exception {
        JsonNode environment = new ObjectMapper()
                .readTree(result.output)
                .path("services")
                .path("probe")
                .path("environment");
        Map<String, String> values = new HashMap<>();
        // config prints a loadable compose file, so every literal "$" comes out as "$$".
        for (Map.Entry<String, JsonNode> e : environment.properties()) {
            values.put(
                    e.getKey(),
                    e.getValue().isNull() ? null : e.getValue().asText().replace("$$", "$"));
        }
        return values;
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, Path workDir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        String output = new String(out, StandardCharsets.UTF_8);
        return new Result(
                process.exitValue(),
                process.exitValue() == 0 ? output : output + new String(err, StandardCharsets.UTF_8));
    }
}
