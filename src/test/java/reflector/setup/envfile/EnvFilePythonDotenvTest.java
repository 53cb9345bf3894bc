package reflector.setup.envfile;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads our files with the real python-dotenv, as the backend does ({@code dotenv_values} with
 * its default {@code interpolate=True}). Debian's python3-dotenv, run by the system Python.
 */
class EnvFilePythonDotenvTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final String READ = "import dotenv,json,sys; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))";

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePythonDotenv() throws Exception {
        Result check;
        try {
            check = run(List.of(PYTHON, "-I", "-c", "import dotenv"));
        } catch (IOException e) {
            check = new Result(-1, e.toString());
        }
        if (check.exitCode != 0) {
            fail(PYTHON + " cannot import dotenv: install Debian's python3-dotenv"
                    + " (apt-get install -y python3-dotenv). " + check.output);
        }
    }

    @Test
    void pythonDotenvReadsEveryValueBack() throws Exception {
        RoundTripFile.assertEveryValueReadsBack(this::read);
    }

    @Test
    void pythonDotenvSeesInPlaceUpdates() throws Exception {
        RoundTripFile.assertInPlaceUpdatesReadBack(this::read);
    }

    /** What the installer writes for an S3 secret with '$', '#', quotes, braces or spaces is what the backend reads. */
    @Test
    void pythonDotenvReadsTheS3SecretsTheInstallerWrote() throws Exception {
        for (Map.Entry<Path, String> entry : InstalledS3Secrets.install(dir).entrySet()) {
            Map<String, String> actual = read(Files.readString(entry.getKey()));
            Assertions.assertEquals(entry.getValue(), actual.get(InstalledS3Secrets.KEY), () -> entry.getKey()
                    .toString());
        }
    }

    /** Evidence for the refusals: the obvious quoting of these is misread by python-dotenv. */
    @Test
    void pythonDotenvMisreadsWhatWeRefuse() throws Exception {
        Map<String, String> actual = read("A='${HOME_NOT_SET_X}'\nB='a\\\\b'\nC=\"${HOME_NOT_SET_X}\"\n");
        assertNotEquals("${HOME_NOT_SET_X}", actual.get("A"), "single quotes do not stop interpolation");
        assertNotEquals("a\\\\b", actual.get("B"), "\\\\ is unescaped inside single quotes");
        assertNotEquals("${HOME_NOT_SET_X}", actual.get("C"));
    }

    private Map<String, String> read(String text) throws Exception {
        Path env = dir.resolve("test.env");
        Files.writeString(env, text, StandardCharsets.UTF_8);
        Result result = run(List.of(PYTHON, "-I", "-c", READ, env.toString()));
        if (result.exitCode != 0) {
            fail("python-dotenv failed: " + result.output);
        }
        return new ObjectMapper().readValue(result.output, new TypeReference<Map<String, String>>() {});
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("python-dotenv", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            // python-dotenv interpolates from the environment; keep ours out of it.
            builder.environment().clear();
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            // stdout alone is the JSON; python-dotenv logs unparsable lines on stderr.
            String output = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                output += Files.readString(stderr);
            }
            return new Result(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
