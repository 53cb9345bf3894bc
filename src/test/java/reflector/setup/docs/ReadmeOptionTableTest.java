package reflector.setup.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;
import reflector.setup.Cli;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.install.Host;
import reflector.setup.output.Terminal;
import reflector.setup.preflight.NameResolver;
import reflector.setup.tls.CertificateProbe;

/** Every install option is in the README's option table (its first column), so that none is only in --help. */
class ReadmeOptionTableTest {
    /** picocli's own, which the table leaves to --help. */
    private static final List<String> STANDARD = List.of("--help", "--version");

    @Test
    void everyInstallOptionHasARow() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("| Option | Environment | Meaning |"));
        table = table.substring(0, table.indexOf("\n\n"));
        StringBuilder firstColumns = new StringBuilder();
        for (String row : table.lines().toList()) {
            firstColumns.append(row.split("\\|", -1)[1]).append('\n');
        }
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
        StringBuilder missing = new StringBuilder();
        for (OptionSpec option : Cli.newCommandLine(host).getCommandSpec().options()) {
            String name = option.longestName();
            if (!STANDARD.contains(name) && !hasName(firstColumns.toString(), option)) {
                missing.append(' ').append(name);
            }
        }
        assertEquals("", missing.toString(), "install options without a row in the README's option table");
    }

    private static boolean hasName(String columns, OptionSpec option) {
        for (String name : option.names()) {
            Matcher m = Pattern.compile("`" + Pattern.quote(name) + "[` ]").matcher(columns);
            if (m.find()) {
                return true;
            }
        }
        return false;
    }
}
