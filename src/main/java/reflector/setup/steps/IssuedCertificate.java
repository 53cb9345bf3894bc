package reflector.setup.steps;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import reflector.setup.config.AcmeSettings;
import reflector.setup.tls.ChainCheck;
import reflector.setup.tls.PemCertificates;
import reflector.setup.tls.ServedCertificate;

/**
 * What the summary says about the domain's certificate, and whether its chain leads to a root
 * this host trusts: the --acme-ca-root given, or the system's roots for a public CA. An untrusted
 * chain is said, not fatal: Let's Encrypt's staging CA is untrusted by design, and a private CA's
 * certificates may chain to a root other than the one its ACME endpoint uses.
 */
final class IssuedCertificate {
    private IssuedCertificate() {}

    static void report(StepContext context, ServedCertificate served) {
        Instant now = context.clock().instant();
        AcmeSettings acme = context.deploymentSettings().acme();
        Optional<String> problem = trust(acme).problem(served, now);
        context.report()
                .certificate(new RunReport.Certificate(
                        served.describe(now), served.issuer(), served.notAfter(), served.serial(), problem.isEmpty()));
        context.console()
                .info("Caddy serves a certificate for "
                        + context.deploymentSettings().domain().orElseThrow() + ", " + served.describe(now));
        if (problem.isEmpty()) {
            return;
        }
        if (acme.staging()) {
            context.note(
                    "the certificate is from Let's Encrypt's staging CA, which browsers do not trust; for a real one "
                            + "re-run with --acme-ca default");
        } else {
            context.warn("the certificate for "
                    + context.deploymentSettings().domain().orElseThrow() + " (issued by " + served.issuer()
                    + ") does not lead to " + (acme.caRootPem().isPresent() ? "--acme-ca-root or " : "")
                    + "a root this host "
                    + "trusts (" + problem.get() + "); browsers that do not trust " + served.issuer()
                    + "'s root will refuse it");
        }
    }

    static ChainCheck trust(AcmeSettings acme) {
        List<X509Certificate> roots =
                acme.caRootPem().map(PemCertificates::parse).orElse(List.of());
        return ChainCheck.withSystemRoots(roots);
    }
}
