package reflector.setup.install;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import reflector.setup.config.PublicAddress;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerAdapter;
import reflector.setup.output.Terminal;
import reflector.setup.preflight.NameResolver;
import reflector.setup.secrets.OutputMasking;
import reflector.setup.tls.CertificateProbe;

/**
 * The world the installer runs in: its output streams, environment variables, terminal, Docker,
 * clock and randomness, name lookups and TLS handshakes with this host's Caddy, and the masking
 * every line of output goes through. {@code main} uses the real one; tests build their own.
 */
public record Host(
        PrintWriter out,
        PrintWriter err,
        Map<String, String> env,
        Terminal terminal,
        Supplier<Docker> docker,
        Supplier<Optional<String>> addressDetector,
        Clock clock,
        SecureRandom random,
        NameResolver resolver,
        CertificateProbe certificates,
        OutputMasking masking) {

    public Host(
            PrintWriter out,
            PrintWriter err,
            Map<String, String> env,
            Terminal terminal,
            Supplier<Docker> docker,
            Supplier<Optional<String>> addressDetector,
            Clock clock,
            SecureRandom random,
            NameResolver resolver,
            CertificateProbe certificates) {
        this(
                out,
                err,
                env,
                terminal,
                docker,
                addressDetector,
                clock,
                random,
                resolver,
                certificates,
                new OutputMasking());
    }

    public Host(
            PrintWriter out,
            PrintWriter err,
            Map<String, String> env,
            Terminal terminal,
            Supplier<Docker> docker,
            Supplier<Optional<String>> addressDetector,
            Clock clock,
            SecureRandom random) {
        this(
                out,
                err,
                env,
                terminal,
                docker,
                addressDetector,
                clock,
                random,
                NameResolver.SYSTEM,
                CertificateProbe.TLS);
    }

    public static Host system() {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        // A lambda, not a method reference: linking DockerAdapter::connect would load docker-java
        // at start-up, also for --help and runs that never use Docker.
        Map<String, String> env = System.getenv();
        Supplier<Docker> docker = () -> DockerAdapter.connect(env);
        return new Host(
                out,
                err,
                env,
                Terminal.system(),
                docker,
                PublicAddress::detect,
                Clock.systemUTC(),
                new LazySecureRandom(),
                NameResolver.SYSTEM,
                CertificateProbe.TLS);
    }

    /** This host with stdout and stderr behind {@link #masking}. */
    public Host masked() {
        return new Host(
                masking.wrap(out),
                masking.wrap(err),
                env,
                terminal,
                docker,
                addressDetector,
                clock,
                random,
                resolver,
                certificates,
                masking);
    }
}
