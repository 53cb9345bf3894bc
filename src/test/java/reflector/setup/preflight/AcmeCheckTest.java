package reflector.setup.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.Settings;
import reflector.setup.support.SettingsBuilder;
import reflector.setup.support.TestCertificates;
import reflector.setup.tls.CertificateProbe;
import reflector.setup.tls.ServedCertificate;

/** The domain preflight with a table for DNS and a stand-in TLS probe: no lookup and no handshake leave the test. */
class AcmeCheckTest {
    static final String DOMAIN = "reflector.example.com";
    static final CheckResult PORT_FREE = CheckResult.pass("ports", "free");
    static final CertificateProbe NOTHING_SERVED = (host, port, name) -> {
        throw new IOException("Received fatal alert: internal_error");
    };

    @TempDir
    static Path certificates;

    static KeyStore site;

    final Settings domain = SettingsBuilder.cpu(Path.of("/tmp/reflector"))
            .domain(DOMAIN)
            .publicIp(Optional.of("203.0.113.7"))
            .build();

    @BeforeAll
    static void aSiteCertificate() throws Exception {
        site = TestCertificates.newCa(certificates, "Preflight Test CA").server("site", "dns:" + DOMAIN);
    }

    static NameResolver table(Map<String, List<String>> addresses) {
        return host -> {
            List<String> found = addresses.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> result = new ArrayList<>();
            for (String address : found) {
                result.add(InetAddress.getByName(address));
            }
            return result;
        };
    }

    CheckResult check(
            Settings settings, NameResolver resolver, CertificateProbe probe, int httpPort, CheckResult port80) {
        return AcmeCheck.check(probe, resolver, Instant.now(), settings.deployment(), httpPort, 443, () -> port80);
    }

    @Test
    void withoutADomainThereIsNothingToCheck() {
        Settings caddy = SettingsBuilder.cpu(Path.of("/tmp/reflector")).caddy().build();
        CheckResult result = check(
                caddy,
                host -> {
                    throw new AssertionError("no lookup without a domain");
                },
                NOTHING_SERVED,
                80,
                PORT_FREE);
        assertEquals(new CheckResult("acme", CheckResult.Status.NOT_CHECKED, "no --domain"), result);
    }

    @Test
    void aDomainThatPointsHereWithPortEightyFreePasses() {
        CheckResult result = check(
                domain, table(Map.of(DOMAIN, List.of("203.0.113.7", "2001:db8::7"))), NOTHING_SERVED, 80, PORT_FREE);
        assertEquals(CheckResult.Status.PASS, result.status(), result.message());
        assertEquals(
                "reflector.example.com resolves to 203.0.113.7, 2001:db8:0:0:0:0:0:7; port 80 is free or Caddy's",
                result.message());
    }

    @Test
    void aDomainThatPointsElsewhereWarnsNamingBothAddresses() {
        CheckResult result =
                check(domain, table(Map.of(DOMAIN, List.of("198.51.100.1"))), NOTHING_SERVED, 80, PORT_FREE);
        assertEquals(CheckResult.Status.WARN, result.status());
        assertTrue(
                result.message()
                        .startsWith("reflector.example.com resolves to 198.51.100.1, not to this server's address "
                                + "203.0.113.7 (behind NAT, give the public address with --public-ip)"),
                result.message());
        assertTrue(result.message().endsWith("its rate limits punish failed attempts"), result.message());
    }

    @Test
    void aDomainThatDoesNotResolveWarns() {
        CheckResult result = check(domain, table(Map.of()), NOTHING_SERVED, 80, PORT_FREE);
        assertEquals(CheckResult.Status.WARN, result.status());
        assertTrue(result.message().startsWith("reflector.example.com does not resolve (yet)"), result.message());
    }

    @Test
    void anUnknownAddressOfThisServerIsSaid() {
        Settings noAddress = SettingsBuilder.cpu(Path.of("/tmp/reflector"))
                .domain(DOMAIN)
                .publicIp(Optional.empty())
                .build();
        CheckResult result =
                check(noAddress, table(Map.of(DOMAIN, List.of("198.51.100.1"))), NOTHING_SERVED, 80, PORT_FREE);
        assertEquals(CheckResult.Status.WARN, result.status());
        assertTrue(result.message().contains("this server's address is unknown"), result.message());
    }

    @Test
    void portEightyHeldByAnotherProgramOrMovedWarns() {
        NameResolver here = table(Map.of(DOMAIN, List.of("203.0.113.7")));
        CheckResult held = check(
                domain,
                here,
                NOTHING_SERVED,
                80,
                CheckResult.fail("ports", "80/tcp (for caddy) held by nginx (pid 42)"));
        assertEquals(CheckResult.Status.WARN, held.status());
        assertTrue(
                held.message()
                        .startsWith("port 80/tcp (for caddy) held by nginx (pid 42), so the CA's HTTP challenge cannot "
                                + "reach Caddy"),
                held.message());
        CheckResult moved = check(domain, here, NOTHING_SERVED, 8080, PORT_FREE);
        assertTrue(moved.message().startsWith("Caddy's port 80 is published on host port 8080"), moved.message());
    }

    @Test
    void aCertificateAlreadyServedMeansNoCaIsAskedAndNothingLookedUp() throws Exception {
        ServedCertificate served = new ServedCertificate(TestCertificates.chain(site, "site"));
        CheckResult result = AcmeCheck.check(
                (host, port, name) -> {
                    assertEquals("127.0.0.1", host);
                    assertEquals(DOMAIN, name);
                    return served;
                },
                host -> {
                    throw new AssertionError("no lookup once a certificate is served");
                },
                served.notBefore().plus(Duration.ofHours(1)),
                domain.deployment(),
                80,
                443,
                () -> {
                    throw new AssertionError("no port check once a certificate is served");
                });
        assertEquals(CheckResult.Status.PASS, result.status());
        assertTrue(
                result.message()
                        .startsWith(
                                "a certificate for reflector.example.com is served already (issued by Preflight Test CA"),
                result.message());
    }

    @Test
    void anExpiredCertificateIsNoReasonToSkipTheChecks() throws Exception {
        ServedCertificate served = new ServedCertificate(TestCertificates.chain(site, "site"));
        CheckResult result = AcmeCheck.check(
                (host, port, name) -> served,
                table(Map.of()),
                served.notAfter().plusSeconds(60),
                domain.deployment(),
                80,
                443,
                () -> PORT_FREE);
        assertEquals(CheckResult.Status.WARN, result.status(), result.message());
    }
}
