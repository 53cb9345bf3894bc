package reflector.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import reflector.setup.docs.HelpText;
import reflector.setup.process.ProcessRunner;

/**
 * The built jar's quick answers (see {@link QuickAnswers}): the help.txt the build wrote into the
 * jar is the help of the command model, and {@code --help} and {@code --version} on their own,
 * answered without picocli, print exactly what picocli prints when it answers (with another word
 * on the command line) from the same jar. Runs after the package phase, on the jar itself.
 */
class QuickAnswersIT {
    static final Path JAR = Path.of(System.getProperty("reflector.setup.jar", "target/reflector-setup.jar"));

    @Test
    void theJarCarriesTheHelpOfTheCommandModel() throws Exception {
        assertEquals(
                HelpText.render(),
                helpInTheJar(),
                "the jar's " + QuickAnswers.HELP_RESOURCE
                        + " is not the --help of the command model: was it rendered by this build?");
    }

    @Test
    void helpOnItsOwnIsTheJarsHelpTextAndWhatPicocliPrints() throws Exception {
        String quick = run("--help");
        assertEquals(helpInTheJar(), quick, "--help on its own is answered from the jar's help text");
        // With another word, picocli answers from the jar's command model.
        assertEquals(run("--dir", "/nonexistent", "--help"), quick);
        assertTrue(quick.contains("Exit codes:"), quick);
    }

    @Test
    void versionOnItsOwnIsWhatPicocliPrints() throws Exception {
        String quick = run("--version");
        assertEquals(run("--dir", "/nonexistent", "--version"), quick);
        assertEquals(quick, run("-V"));
        assertTrue(quick.contains("Java "), quick);
    }

    private static String helpInTheJar() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: the package phase makes it");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            ZipEntry entry = jar.getEntry(QuickAnswers.HELP_RESOURCE.substring(1));
            assertNotNull(entry, JAR + " has no " + QuickAnswers.HELP_RESOURCE);
            try (InputStream in = jar.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** The jar run as a user runs it; its stdout, after checking that it exited 0 and said nothing on stderr. */
    private static String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessRunner.Result result = ProcessRunner.command(command)
                .errors(ProcessRunner.Errors.CAPTURE)
                .timeout(Duration.ofSeconds(60))
                .run();
        assertEquals(0, result.exitCode(), () -> command + ": " + result.errors());
        assertEquals("", result.errors(), command::toString);
        return result.output();
    }
}
