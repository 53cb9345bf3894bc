package reflector.setup.envfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.text.SafeText;

/**
 * The model of python-dotenv's parser against the real one (Debian's python3-dotenv) on every
 * hostile text: the same bindings, values and errors. The Compose model is checked against the
 * real Docker Compose in {@code EnvFileComposeIT}.
 */
class DotenvModelsTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** Writes each text to a file and parses it as dotenv_values does (UTF-8, universal newlines). */
    private static final String PARSE_ALL = String.join(
            "\n",
            "import json, sys",
            "from dotenv.parser import parse_stream",
            "texts = json.load(open(sys.argv[1], encoding='utf-8'))",
            "out = []",
            "for i, text in enumerate(texts):",
            "    path = sys.argv[2]",
            "    open(path, 'wb').write(text.encode('utf-8'))",
            "    with open(path, encoding='utf-8') as stream:",
            "        out.append([[b.key, b.value, b.error] for b in parse_stream(stream)])",
            "json.dump(out, open(sys.argv[3], 'w', encoding='utf-8'))");

    @TempDir
    Path dir;

    @Test
    void pythonModelMatchesPythonDotenv() throws Exception {
        List<String> texts = new ArrayList<>(HostileEnvTexts.HANDPICKED);
        texts.addAll(HostileEnvTexts.fuzz(7, 3000));
        List<List<List<Object>>> real = realPythonDotenv(texts);
        int checked = 0;
        for (int i = 0; i < texts.size(); i++) {
            List<List<Object>> model = new ArrayList<>();
            for (PythonDotenv.Binding b : PythonDotenv.read(texts.get(i))) {
                List<Object> binding = new ArrayList<>();
                binding.add(b.key());
                binding.add(b.value());
                binding.add(b.error());
                model.add(binding);
            }
            String text = texts.get(i);
            assertEquals(real.get(i), model, () -> "text " + SafeText.quote(text));
            checked++;
        }
        assertEquals(texts.size(), checked);
    }

    private List<List<List<Object>>> realPythonDotenv(List<String> texts) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path in = dir.resolve("texts.json");
        Path out = dir.resolve("bindings.json");
        Files.writeString(in, json.writeValueAsString(texts), StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(
                        PYTHON,
                        "-I",
                        "-c",
                        PARSE_ALL,
                        in.toString(),
                        dir.resolve("one.env").toString(),
                        out.toString())
                .redirectErrorStream(true);
        builder.environment().clear();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("python-dotenv failed (install Debian's python3-dotenv): " + output);
        }
        return json.readValue(out.toFile(), new TypeReference<>() {});
    }
}
