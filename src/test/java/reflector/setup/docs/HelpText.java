package reflector.setup.docs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import reflector.setup.Cli;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.install.Host;
import reflector.setup.output.Terminal;
import reflector.setup.preflight.NameResolver;
import reflector.setup.tls.CertificateProbe;

/**
 * Writes the --help text that Main serves without building the command model (QuickAnswers):
 * rendered by picocli from {@link Cli#newCommandLine}, as `--help` prints it. The build runs it in
 * prepare-package, into the classes that go into the jar.
 */
public final class HelpText {
    private HelpText() {}

    public static String render() {
        StringWriter out = new StringWriter();
        Host host = new Host(
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter()),
                Map.of(),
                Terminal.NONE,
                () -> {
                    throw new DockerUnavailableException("no Docker while rendering help", null);
                },
                Optional::empty,
                Clock.systemUTC(),
                new SecureRandom(),
                NameResolver.SYSTEM,
                CertificateProbe.TLS);
        int exit = Cli.newCommandLine(host).execute("--help");
        if (exit != 0) {
            throw new IllegalStateException("--help exited with " + exit);
        }
        return out.toString();
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0], "reflector/setup/cli/help.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }
}
