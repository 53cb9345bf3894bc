package reflector.setup.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import reflector.setup.Cli;
import reflector.setup.core.ExitCode;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.install.Host;
import reflector.setup.output.Terminal;
import reflector.setup.preflight.NameResolver;
import reflector.setup.tls.CertificateProbe;

/**
 * The man pages the package phase writes to target/man/ are troff that `man` reads: one page for the
 * installer and one for each command, each with its .TH header and every option of the command model,
 * the main page with the exit codes. Where man and groff are installed (scripts/dev/install-test-tools.sh
 * installs man-db, which brings groff), each page renders without a warning. Failsafe runs it: the pages
 * exist only once the jar is packaged. It needs no Docker.
 */
class ManPageIT {
    static final Path MAN = Path.of(System.getProperty("reflector.setup.jar", "target/reflector-setup.jar"))
            .resolveSibling("man");

    record Result(int exit, String out, String err) {}

    @Test
    void everyCommandHasATroffPageWithEveryOption() throws Exception {
        CommandSpec root = commandModel();
        for (CommandSpec spec : pages(root)) {
            String name = spec.qualifiedName("-");
            Path page = MAN.resolve(name + ".1");
            assertTrue(Files.isRegularFile(page), page + " is missing: mvn package writes it");
            String troff = Files.readString(page, StandardCharsets.UTF_8);
            String header = troff.lines()
                    .filter(line -> !line.startsWith(".\\\"") && !line.startsWith("'\\\""))
                    .findFirst()
                    .orElse("");
            assertTrue(header.startsWith(".TH \"" + troff(name.toUpperCase()) + "\" \"1\" "), name + ": " + header);
            for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SEE ALSO")) {
                assertTrue(troff.contains("\n.SH \"" + section + "\"\n"), name + " has no " + section + " section");
            }
            for (OptionSpec option : spec.options()) {
                for (String optionName : option.names()) {
                    assertTrue(
                            troff.contains("\\fB" + troff(optionName) + "\\fP"), name + " does not list " + optionName);
                }
            }
        }
        String main = Files.readString(MAN.resolve("reflector-setup.1"), StandardCharsets.UTF_8);
        String exitStatus = main.substring(main.indexOf("\n.SH \"EXIT STATUS\"\n"));
        for (ExitCode code : ExitCode.values()) {
            assertTrue(
                    exitStatus.contains("\\fB" + code.code() + "\\fP\n.RS 4\n" + troff(code.meaning())),
                    "EXIT STATUS does not list " + code);
        }
        for (CommandLine sub : root.subcommands().values()) {
            assertTrue(
                    main.contains("\\fB" + troff(sub.getCommandSpec().qualifiedName("-")) + "\\fP(1)"),
                    "SEE ALSO does not name " + sub.getCommandName());
        }
    }

    @Test
    void manRendersEveryPageWithoutAWarning() throws Exception {
        Assumptions.assumeTrue(
                onPath("man") && onPath("groff"), "man or groff is not installed, so the pages are not rendered here");
        for (CommandSpec spec : pages(commandModel())) {
            String name = spec.qualifiedName("-");
            Path page = MAN.resolve(name + ".1");
            Result man = run(List.of("man", "-l", page.toString()));
            assertEquals(0, man.exit(), name + ": " + man.err());
            assertEquals("", man.err(), name + ": man warned");
            String title = man.out().lines().findFirst().orElse("").strip();
            assertTrue(title.endsWith(name.toUpperCase() + "(1)"), name + ": " + title);
            for (OptionSpec option : spec.options()) {
                assertTrue(man.out().contains(option.longestName()), name + " renders without " + option.longestName());
            }
            Result groff = run(List.of("groff", "-man", "-Tutf8", "-ww", "-z", page.toString()));
            assertEquals(0, groff.exit(), name + ": " + groff.err());
            assertEquals("", groff.err(), name + ": groff warned");
        }
    }

    /** The hyphens and backslashes of a text as Asciidoctor writes them in troff. */
    private static String troff(String text) {
        return text.replace("\\", "\\(rs").replace("-", "\\-");
    }

    private static List<CommandSpec> pages(CommandSpec root) {
        List<CommandSpec> pages = new ArrayList<>(List.of(root));
        root.subcommands().values().forEach(sub -> pages.add(sub.getCommandSpec()));
        return pages;
    }

    private static CommandSpec commandModel() {
        Host host = new Host(
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Map.of(),
                Terminal.NONE,
                () -> {
                    throw new DockerUnavailableException("no Docker in this test", null);
                },
                Optional::empty,
                Clock.systemUTC(),
                new SecureRandom(),
                NameResolver.SYSTEM,
                CertificateProbe.TLS);
        return Cli.newCommandLine(host).getCommandSpec();
    }

    private static Result run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("MANWIDTH", "80");
        env.put("LANG", "C.UTF-8");
        env.remove("MAN_KEEP_FORMATTING");
        env.remove("MANPAGER");
        env.put("PAGER", "cat");
        Path err = Files.createTempFile("man-err", ".txt");
        try {
            Process process = builder.redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(process.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(err);
        }
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
