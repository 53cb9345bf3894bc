package reflector.setup.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import reflector.setup.catalog.Service;
import reflector.setup.config.AcmeSettings;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.RecordedOptions;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.PublishedPort;
import reflector.setup.envfile.EnvFile;
import reflector.setup.tls.CertificateProbe;
import reflector.setup.tls.ChainCheck;
import reflector.setup.tls.PemCertificates;
import reflector.setup.tls.ServedCertificate;

/**
 * For `status` of a --domain deployment: the certificate Caddy serves for the domain, when it
 * expires and whether this host trusts it. Read from the same TLS handshake the install's
 * health step makes, at the host port Caddy's container publishes 443 on.
 */
public final class CertificateStatus {
    /** One line for the status output; {@code ok} false when no valid certificate is served. */
    public record Line(String text, boolean ok) {}

    private CertificateStatus() {}

    /**
     * Whether the deployment's install options still have a domain: a run without --domain keeps
     * the domain recorded for when it comes back, but Caddy no longer serves it. Without recorded
     * options (an older install) the recorded domain is taken as in force.
     */
    private static boolean domainInForce(EnvFile root) {
        try {
            return RecordedOptions.read(root::get)
                    .map(recorded -> recorded.domain().isPresent())
                    .orElse(true);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** Empty when the deployment has no domain in force or no Caddy container. */
    public static Optional<Line> of(Path dir, List<ContainerInfo> containers, CertificateProbe probe, Instant now) {
        Optional<EnvFile> root = read(dir.resolve(DeploymentFiles.ROOT_ENV)).map(EnvFile::parse);
        Optional<String> domain = root.flatMap(env -> env.get(AcmeSettings.DOMAIN_VARIABLE))
                .filter(value -> !value.isEmpty())
                .filter(recorded -> domainInForce(root.get()));
        Optional<ContainerInfo> caddy = containers.stream()
                .filter(container -> Service.CADDY.serviceName().equals(container.service()))
                .findFirst();
        if (domain.isEmpty() || caddy.isEmpty()) {
            return Optional.empty();
        }
        if (!caddy.get().running()) {
            return Optional.of(
                    new Line("certificate: not checked, caddy is " + caddy.get().state(), false));
        }
        int port = caddy.get().ports().stream()
                .filter(published ->
                        published.containerPort() == Service.CADDY.port() && "tcp".equals(published.protocol()))
                .mapToInt(PublishedPort::hostPort)
                .findFirst()
                .orElse(Service.CADDY.port());
        ServedCertificate served;
        try {
            served = probe.fetch("127.0.0.1", port, domain.get());
        } catch (IOException e) {
            return Optional.of(new Line(
                    "certificate: none served for " + domain.get() + " (" + e.getMessage()
                            + "); see `reflector-setup logs caddy`",
                    false));
        }
        if (!served.covers(domain.get())) {
            return Optional.of(new Line(
                    "certificate: the one served for " + domain.get() + " is for " + served.dnsNames(), false));
        }
        boolean valid = served.validAt(now);
        List<X509Certificate> roots = root.flatMap(env -> env.get(AcmeSettings.CA_ROOT_VARIABLE))
                .filter(value -> !value.isEmpty())
                .flatMap(value -> read(dir.resolve(DeploymentFiles.ACME_CA_ROOT)))
                .map(CertificateStatus::parseOrNone)
                .orElse(List.of());
        String trusted = ChainCheck.withSystemRoots(roots).problem(served, now).isEmpty()
                ? "trusted here"
                : "not trusted by this host";
        return Optional.of(
                new Line("certificate: " + domain.get() + " " + served.describe(now) + ", " + trusted, valid));
    }

    private static List<X509Certificate> parseOrNone(String pem) {
        try {
            return PemCertificates.parse(pem);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
