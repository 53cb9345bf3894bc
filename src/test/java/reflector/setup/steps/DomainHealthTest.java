package reflector.setup.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.AcmeSettings;
import reflector.setup.config.Settings;
import reflector.setup.files.Workspace;
import reflector.setup.output.Console;
import reflector.setup.output.Verbosity;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.ManualClock;
import reflector.setup.support.SettingsBuilder;
import reflector.setup.support.TestCertificates;
import reflector.setup.tls.CertificateProbe;
import reflector.setup.tls.ServedCertificate;

/**
 * With a domain the Caddy wait lasts until Caddy serves the domain's certificate (3 min, fatal),
 * gives up at Caddy's first failed ACME attempt of this run and shows its errors, masked. The
 * other services answer at once here; the clock moves one second per round.
 */
class DomainHealthTest {
    static final String DOMAIN = "reflector.example.com";

    @TempDir
    static Path certificates;

    static TestCertificates ca;
    static ServedCertificate served;

    @TempDir
    Path dir;

    final FakeDocker docker = new FakeDocker();
    final StringWriter err = new StringWriter();
    final AtomicInteger handshakes = new AtomicInteger();
    int pauses;
    ManualClock clock;

    @BeforeAll
    static void aCertificateForTheDomain() throws Exception {
        ca = TestCertificates.newCa(certificates, "Domain Test CA");
        KeyStore site = ca.server("site", "dns:" + DOMAIN);
        served = new ServedCertificate(TestCertificates.chain(site, "site"));
    }

    @BeforeEach
    void aRunningDomainDeployment() {
        for (String service : List.of("cpu", "server", "web", "caddy")) {
            docker.containers.add(FakeDocker.container(service, "running", null));
        }
        clock = new ManualClock(served.notBefore().plus(Duration.ofHours(1)));
    }

    StepContext context(AcmeSettings acme, SecretMasker masker) {
        Settings settings = SettingsBuilder.cpu(dir).domain(DOMAIN).acme(acme).build();
        StepContext context = new StepContext(
                settings,
                new Workspace(dir, false),
                new Console(new PrintWriter(err, true), Verbosity.NORMAL, false),
                () -> docker,
                new SecureRandom(),
                clock,
                pause -> {
                    pauses++;
                    clock.advance(pause);
                },
                new RunReport(),
                masker);
        context.begin(context.report().start("health"));
        return context;
    }

    /** The real waits, with every service but Caddy answering at once. */
    HealthStep step(CertificateProbe probe) {
        return new HealthStep((context, ports) -> HealthStep.waits(context, ports, probe).stream()
                .map(wait -> wait.service().equals("caddy")
                        ? wait
                        : new HealthStep.Wait(wait.service(), wait.timeout(), wait.fatal(), () -> true))
                .toList());
    }

    /** No certificate for the first {@code rounds} handshakes, then the domain's. */
    CertificateProbe servedAfter(int rounds) {
        return (host, port, name) -> {
            assertEquals("127.0.0.1", host);
            assertEquals(443, port);
            assertEquals(DOMAIN, name);
            if (handshakes.incrementAndGet() <= rounds) {
                throw new IOException("Received fatal alert: internal_error");
            }
            return served;
        };
    }

    static String caddyError(Instant at, String error) {
        double ts = at.getEpochSecond() + at.getNano() / 1e9;
        return "{\"level\":\"error\",\"ts\":" + ts
                + ",\"logger\":\"tls.obtain\",\"msg\":\"could not get certificate from issuer\"," + "\"identifier\":\""
                + DOMAIN + "\",\"issuer\":\"acme\",\"error\":\"" + error + "\"}\n";
    }

    @Test
    void theWaitEndsWhenTheCertificateIsServedAndTheSummaryGetsItsIssuerAndExpiry() throws Exception {
        StepContext context = context(
                new AcmeSettings(Optional.empty(), Optional.empty(), Optional.of(ca.caPem())), SecretMasker.empty());
        step(servedAfter(3)).run(context);
        assertEquals(3, pauses);
        RunReport.Certificate certificate = context.report().certificate().orElseThrow();
        assertEquals(served.describe(clock.instant()), certificate.description());
        assertEquals("Domain Test CA", certificate.issuer());
        assertEquals(served.notAfter(), certificate.notAfter());
        assertTrue(certificate.trusted(), "it leads to the --acme-ca-root given");
        assertEquals(List.of(), context.report().warnings());
        assertTrue(
                err.toString()
                        .contains("Caddy serves a certificate for reflector.example.com, issued by Domain Test CA"),
                err.toString());
    }

    @Test
    void aChainThatLeadsToNoTrustedRootIsAWarningNotAFailure() throws Exception {
        StepContext context = context(AcmeSettings.none(), SecretMasker.empty());
        step(servedAfter(0)).run(context);
        assertFalse(context.report().certificate().orElseThrow().trusted());
        assertEquals(1, context.report().warnings().size());
        assertTrue(
                context.report()
                        .warnings()
                        .get(0)
                        .startsWith("the certificate for reflector.example.com (issued by Domain Test CA) "
                                + "does not lead to a root this host trusts"),
                context.report().warnings().toString());
    }

    @Test
    void aFailedAttemptDuringThisRunEndsTheWaitAtOnceWithCaddysErrorsMasked() {
        StepContext context = context(AcmeSettings.none(), SecretMasker.of("eab-hmac-s3cr3t-value"));
        docker.logs = "{\"level\":\"info\",\"ts\":1.0,\"logger\":\"tls.obtain\",\"msg\":\"obtaining certificate\"}\n"
                + caddyError(
                        clock.instant().plusMillis(500),
                        "registering account with server: eab-hmac-s3cr3t-value refused: connection refused");
        ServiceFailure failure = assertThrows(
                ServiceFailure.class, () -> step(servedAfter(Integer.MAX_VALUE)).run(context));
        assertEquals("caddy", failure.service());
        assertEquals(4, failure.exitCode().code());
        assertTrue(
                failure.getMessage()
                        .startsWith("Caddy could not get a certificate for reflector.example.com from the CA; "
                                + "Caddy's ACME errors:\n  "),
                failure.getMessage());
        assertTrue(
                failure.getMessage()
                        .contains("could not get certificate from issuer [reflector.example.com]: registering account "
                                + "with server: ******** refused: connection refused"),
                failure.getMessage());
        assertFalse(failure.getMessage().contains("s3cr3t"));
        assertTrue(pauses <= 1, "it did not sit out the 3 minutes: " + pauses);
    }

    @Test
    void aFailureOfTheCaddyThisRunRestartedIsNoReasonToStop() throws Exception {
        StepContext context = context(AcmeSettings.none(), SecretMasker.empty());
        docker.logs = caddyError(clock.instant().plusSeconds(2), "the old CA refused");
        context.report().caddyRestarted(clock.instant().plusSeconds(3));
        step(servedAfter(5)).run(context);
        assertEquals(5, pauses);
    }

    @Test
    void anOldFailureIsNoReasonToStopButExplainsTheTimeout() {
        StepContext context = context(AcmeSettings.none(), SecretMasker.empty());
        docker.logs = caddyError(
                clock.instant().minus(Duration.ofMinutes(5)),
                "DNS problem: NXDOMAIN looking up A for reflector.example.com");
        ServiceFailure failure = assertThrows(
                ServiceFailure.class, () -> step(servedAfter(Integer.MAX_VALUE)).run(context));
        assertEquals(180, pauses);
        assertTrue(
                failure.getMessage()
                        .startsWith(
                                "no certificate for reflector.example.com within 180 s: no certificate served for "
                                        + "reflector.example.com (TLS handshake with 127.0.0.1:443: Received fatal alert: internal_error); Caddy's ACME errors:"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("NXDOMAIN"), failure.getMessage());
    }

    @Test
    void aCertificateForAnotherNameOrAnExpiredOneIsNotTheDomainsAndTheTimeoutSaysSo() throws Exception {
        ServedCertificate other =
                new ServedCertificate(TestCertificates.chain(ca.server("other", "dns:other.example.com"), "other"));
        ServiceFailure wrongName = assertThrows(ServiceFailure.class, () -> step((host, port, name) -> other)
                .run(context(AcmeSettings.none(), SecretMasker.empty())));
        assertTrue(
                wrongName
                        .getMessage()
                        .startsWith("no certificate for reflector.example.com within 180 s: Caddy serves a "
                                + "certificate for [other.example.com], not for reflector.example.com"),
                wrongName.getMessage());
        clock.set(served.notAfter().plusSeconds(10));
        ServiceFailure expired = assertThrows(ServiceFailure.class, () -> step((host, port, name) -> served)
                .run(context(AcmeSettings.none(), SecretMasker.empty())));
        assertTrue(expired.getMessage().contains("that is not valid now"), expired.getMessage());
    }
}
