package reflector.setup.steps;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import reflector.setup.caddy.AcmeLog;
import reflector.setup.tls.CertificateProbe;
import reflector.setup.tls.ServedCertificate;

/**
 * Ready when Caddy serves a certificate for the domain: a TLS handshake with 127.0.0.1 that
 * names the domain (SNI) gets one that covers the name and is valid now. The original checked
 * https://localhost, for which Caddy never has a certificate (defect 14); answering at all is not
 * enough either, since a site without a certificate answers too. Gives up as soon as Caddy logs a
 * failed ACME attempt made during this run, after this run last restarted it (Caddy itself
 * retries later, minutes apart), and explains a timeout with Caddy's ACME errors.
 */
final class CertificateWait implements ReadinessProbe {
    /** How many of Caddy's last log lines are searched for ACME errors. */
    static final int LOG_LINES = 300;

    private final CertificateProbe probe;
    private final String domain;
    private final int port;
    private final Supplier<String> caddyLogs;
    private final Instant since;
    private final Clock clock;
    private final UnaryOperator<String> mask;
    private volatile ServedCertificate served;
    private volatile String lastProblem = "no TLS handshake tried yet";

    /** {@code mask} hides the run's secrets in the log lines shown (an account key or token in a CA's error, say). */
    CertificateWait(
            CertificateProbe probe,
            String domain,
            int port,
            Supplier<String> caddyLogs,
            Instant since,
            Clock clock,
            UnaryOperator<String> mask) {
        this.probe = probe;
        this.domain = domain;
        this.port = port;
        this.caddyLogs = caddyLogs;
        this.since = since;
        this.clock = clock;
        this.mask = mask;
    }

    @Override
    public boolean ready() {
        try {
            ServedCertificate certificate = probe.fetch("127.0.0.1", port, domain);
            Instant now = clock.instant();
            if (!certificate.covers(domain)) {
                lastProblem = "Caddy serves a certificate for " + certificate.dnsNames() + ", not for " + domain;
            } else if (!certificate.validAt(now)) {
                lastProblem = "Caddy serves a certificate for " + domain + " that is not valid now ("
                        + certificate.describe(now) + ")";
            } else {
                served = certificate;
                return true;
            }
        } catch (IOException e) {
            lastProblem = "no certificate served for " + domain + " (TLS handshake with 127.0.0.1:" + port + ": "
                    + e.getMessage() + ")";
        }
        List<AcmeLog.Entry> failed = AcmeLog.failedSince(AcmeLog.entries(caddyLogs.get()), since);
        if (!failed.isEmpty()) {
            throw new GaveUp("Caddy could not get a certificate for " + domain + " from the CA" + errorLines(failed));
        }
        return false;
    }

    /** The certificate Caddy served, once the wait succeeded. */
    Optional<ServedCertificate> served() {
        return Optional.ofNullable(served);
    }

    /** Why there is no certificate after the timeout, with Caddy's latest ACME errors whenever they were logged. */
    String timedOut(long seconds) {
        List<AcmeLog.Entry> entries = AcmeLog.entries(caddyLogs.get());
        String errors = entries.isEmpty()
                ? "; Caddy logged no ACME error (is the CA slow? see `reflector-setup logs caddy`)"
                : errorLines(entries.subList(Math.max(0, entries.size() - 10), entries.size()));
        return "no certificate for " + domain + " within " + seconds + " s: " + lastProblem + errors;
    }

    private String errorLines(List<AcmeLog.Entry> entries) {
        StringBuilder out = new StringBuilder("; Caddy's ACME errors:");
        for (AcmeLog.Entry entry : entries) {
            out.append("\n  ").append(mask.apply(entry.text()));
        }
        return out.toString();
    }
}
