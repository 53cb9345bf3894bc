package reflector.setup.docs;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;
import reflector.setup.Cli;
import reflector.setup.core.ExitCode;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.install.Host;
import reflector.setup.output.Terminal;
import reflector.setup.preflight.NameResolver;
import reflector.setup.tls.CertificateProbe;

/**
 * Writes the man pages' AsciiDoc (picocli-codegen's ManPageGenerator) from the same command model
 * as the jar: {@link Cli#newCommandLine}. The build runs it in the package phase (pom.xml, exec
 * plugin), and then AsciidoctorJ (asciidoctor-maven-plugin, manpage backend) renders each page to
 * the troff that `man` reads, in target/man/. It lives with the tests so that picocli-codegen stays
 * out of the jar.
 *
 * <p>Before the pages are written, the model is given what a man page has and --help has not: the
 * exit codes as an EXIT STATUS section (--help lists them at the end of its examples), the synopsis's
 * lines kept as lines, every page the installer's version, and a SEE ALSO section: the main page
 * names every command's page, and each of those the main page.
 */
public final class ManPage {
    static final String NAME = "reflector-setup";

    private ManPage() {}

    public static void main(String[] args) throws Exception {
        File outdir = new File(args.length > 0 ? args[0] : "target/man-adoc");
        Host host = new Host(
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Map.of(),
                Terminal.NONE,
                () -> {
                    throw new DockerUnavailableException("no Docker while writing the man page", null);
                },
                Optional::empty,
                Clock.systemUTC(),
                new SecureRandom(),
                NameResolver.SYSTEM,
                CertificateProbe.TLS);
        CommandSpec root = Cli.newCommandLine(host).getCommandSpec();
        forManPages(root);
        int exit = ManPageGenerator.generateManPage(outdir, null, new boolean[0], true, root);
        if (exit != 0) {
            throw new IllegalStateException("ManPageGenerator exited with " + exit);
        }
        List<String> pages = new ArrayList<>();
        pages.add(NAME);
        root.subcommands()
                .values()
                .forEach(sub -> pages.add(sub.getCommandSpec().qualifiedName("-")));
        // The main page names every command's page; a command's page names the main one.
        for (String page : pages) {
            addSeeAlso(
                    outdir.toPath().resolve(page + ".adoc"),
                    page.equals(NAME) ? pages.subList(1, pages.size()) : List.of(NAME));
        }
    }

    /** The man pages' differences from --help, made on the model the generator reads. */
    static void forManPages(CommandSpec root) {
        UsageMessageSpec usage = root.usageMessage();
        // The synopsis's lines stay lines (an AsciiDoc hard line break ends each but the last).
        String[] synopsis = usage.customSynopsis();
        for (int i = 0; i < synopsis.length; i++) {
            synopsis[i] = synopsis[i].strip() + (i < synopsis.length - 1 ? " +" : "");
        }
        usage.customSynopsis(synopsis);
        // The exit codes: an EXIT STATUS section from ExitCode, instead of the lines that close --help.
        List<String> footer = List.of(usage.footer());
        int exitCodes = footer.indexOf("Exit codes:");
        if (exitCodes < 1) {
            throw new IllegalStateException("--help's footer no longer ends with its exit codes: " + footer);
        }
        usage.footer(footer.subList(0, exitCodes - 1).toArray(String[]::new));
        usage.footerHeading("Examples%n");
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            codes.put(String.valueOf(code.code()), code.meaning());
        }
        usage.exitCodeListHeading("Exit status%n");
        usage.exitCodeList(codes);
        // A subcommand's page carries the installer's version in its footer, as the main page does.
        for (CommandLine sub : root.subcommands().values()) {
            sub.getCommandSpec().version(root.version());
        }
    }

    /** Appends a SEE ALSO section naming the other pages, before the generator's closing tag. */
    static void addSeeAlso(Path page, List<String> others) throws Exception {
        String end = "// end::picocli-generated-full-manpage[]";
        String text = Files.readString(page, StandardCharsets.UTF_8);
        int at = text.lastIndexOf(end);
        if (at < 0) {
            throw new IllegalStateException(page + " has no " + end);
        }
        StringBuilder seeAlso = new StringBuilder("== See also\n\n");
        for (int i = 0; i < others.size(); i++) {
            seeAlso.append('*').append(others.get(i)).append("*(1)").append(i < others.size() - 1 ? ",\n" : "\n");
        }
        Files.writeString(page, text.substring(0, at) + seeAlso + "\n" + text.substring(at), StandardCharsets.UTF_8);
    }
}
