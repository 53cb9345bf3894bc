package reflector.setup.docs;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import picocli.codegen.docgen.manpage.ManPageGenerator;
import reflector.setup.Cli;
import reflector.setup.Host;
import reflector.setup.cli.Terminal;
import reflector.setup.docker.DockerUnavailableException;

/**
 * Writes the man pages (AsciiDoc, picocli-codegen's ManPageGenerator) from the same command model
 * as the jar: {@link Cli#newCommandLine}. The build runs it in the package phase (pom.xml, exec
 * plugin); it lives with the tests so that picocli-codegen stays out of the jar.
 */
public final class ManPage {
    private ManPage() {
    }

    public static void main(String[] args) throws Exception {
        File outdir = new File(args.length > 0 ? args[0] : "target/man");
        Host host = new Host(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(), Terminal.NONE,
                () -> {
                    throw new DockerUnavailableException("no Docker while writing the man page", null);
                }, Optional::empty, Clock.systemUTC(), new SecureRandom());
        int exit = ManPageGenerator.generateManPage(outdir, null, new boolean[0], true,
                Cli.newCommandLine(host).getCommandSpec());
        if (exit != 0) {
            throw new IllegalStateException("ManPageGenerator exited with " + exit);
        }
    }
}
