package reflector.setup.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import reflector.setup.Cli;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.install.Host;
import reflector.setup.output.Terminal;
import reflector.setup.preflight.NameResolver;
import reflector.setup.tls.CertificateProbe;

/** Runs the installer's command line in-process, as main does, with captured output. */
public final class CliRun {
    private final Map<String, String> env = new HashMap<>();
    private Terminal terminal = Terminal.NONE;
    private Supplier<Docker> docker = () -> {
        throw new DockerUnavailableException("cannot reach the Docker engine at unix:///test-has-no-docker.sock", null);
    };
    private Clock clock = Clock.systemUTC();
    private Optional<String> detectedAddress = Optional.empty();
    private NameResolver resolver = host -> {
        throw new UnknownHostException(host + " (tests make no DNS lookups)");
    };
    private CertificateProbe certificates = (host, port, name) -> {
        throw new IOException("tests make no TLS handshakes unless they give a probe");
    };

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public CliRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public CliRun terminal(Terminal terminal) {
        this.terminal = terminal;
        return this;
    }

    public CliRun docker(Supplier<Docker> docker) {
        this.docker = docker;
        return this;
    }

    /** What address detection finds (nothing by default, so tests do not depend on the machine). */
    public CliRun detectedAddress(String address) {
        this.detectedAddress = Optional.ofNullable(address);
        return this;
    }

    /** How host names resolve (by default none does: tests make no DNS lookups). */
    public CliRun resolver(NameResolver resolver) {
        this.resolver = resolver;
        return this;
    }

    /** What the installer's TLS handshakes with Caddy find (by default nothing is served). */
    public CliRun certificates(CertificateProbe certificates) {
        this.certificates = certificates;
        return this;
    }

    public CliRun clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Host host = new Host(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Map.copyOf(env),
                terminal,
                docker,
                () -> detectedAddress,
                clock,
                new SecureRandom(),
                resolver,
                certificates);
        int code = Cli.newCommandLine(host).execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
