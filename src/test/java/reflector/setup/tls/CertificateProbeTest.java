package reflector.setup.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.TestCertificates;

/**
 * The TLS probe against an in-process TLS server whose certificate a keytool-made CA signed: the
 * chain it collects, the name it sends (SNI), a server without a certificate for the name, and
 * the chain check against the right root, a wrong one and the system's.
 */
class CertificateProbeTest {
    static final String DOMAIN = "reflector.example.com";

    @TempDir
    static Path certificates;

    static TestCertificates ca;
    static TestCertificates otherCa;
    static KeyStore site;

    SSLServerSocket server;
    CompletableFuture<List<SNIServerName>> requestedNames;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = TestCertificates.newCa(certificates.resolve("ca"), "Test Issuing CA");
        otherCa = TestCertificates.newCa(certificates.resolve("other"), "Some Other CA");
        site = ca.server("site", "dns:" + DOMAIN, "dns:*.example.org");
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** Serves the site certificate; with {@code onlyDomain}, other names get a fatal unrecognized_name alert, as Caddy's missing certificate does. */
    int serve(boolean onlyDomain) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(site, TestCertificates.PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        if (onlyDomain) {
            SSLParameters parameters = server.getSSLParameters();
            parameters.setSNIMatchers(List.of(SNIHostName.createSNIMatcher(DOMAIN.replace(".", "\\."))));
            server.setSSLParameters(parameters);
        }
        requestedNames = CompletableFuture.supplyAsync(() -> {
            try (SSLSocket client = (SSLSocket) server.accept()) {
                client.setSoTimeout(5000);
                client.startHandshake();
                return ((ExtendedSSLSession) client.getSession()).getRequestedServerNames();
            } catch (IOException e) {
                return List.of();
            }
        });
        return server.getLocalPort();
    }

    @Test
    void theChainIsCollectedForTheNameSentAsSni() throws Exception {
        ServedCertificate served = CertificateProbe.TLS.fetch("127.0.0.1", serve(false), DOMAIN);
        assertEquals(List.of(new SNIHostName(DOMAIN)), requestedNames.get(5, TimeUnit.SECONDS));
        assertEquals("Test Issuing CA", served.issuer());
        assertEquals(2, served.chain().size(), "leaf and issuer");
        assertEquals(List.of(DOMAIN, "*.example.org"), served.dnsNames());
        assertTrue(served.covers(DOMAIN));
        assertTrue(served.covers("meet.example.org"), "a wildcard covers one label");
        assertFalse(served.covers("a.b.example.org"), "but not two");
        assertFalse(served.covers("example.com"));
    }

    @Test
    void theChainLeadsToItsOwnRootAndNotToAnotherOrTheSystems() throws Exception {
        ServedCertificate served = CertificateProbe.TLS.fetch("127.0.0.1", serve(false), DOMAIN);
        Instant now = Instant.now();
        assertEquals(
                Optional.empty(), ChainCheck.only(List.of(ca.caCertificate())).problem(served, now));
        assertEquals(
                Optional.empty(),
                ChainCheck.withSystemRoots(List.of(ca.caCertificate())).problem(served, now));
        assertTrue(ChainCheck.only(List.of(otherCa.caCertificate()))
                .problem(served, now)
                .isPresent());
        assertTrue(
                ChainCheck.withSystemRoots(List.of()).problem(served, now).isPresent(),
                "a keytool-made CA is in no system trust store");
        assertTrue(
                ChainCheck.only(List.of(ca.caCertificate()))
                        .problem(served, now.plus(Duration.ofDays(30)))
                        .isPresent(),
                "an expired certificate does not pass");
    }

    @Test
    void validityAndItsDescription() throws Exception {
        ServedCertificate served = new ServedCertificate(TestCertificates.chain(site, "site"));
        Instant now = served.notBefore().plus(Duration.ofHours(1));
        assertTrue(served.validAt(now));
        assertFalse(served.validAt(served.notAfter()));
        assertFalse(served.validAt(served.notBefore().minusSeconds(1)));
        assertTrue(
                served.describe(now)
                        .matches(
                                "issued by Test Issuing CA, expires \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(in 1 days\\)"),
                served.describe(now));
        assertTrue(served.describe(served.notAfter().plus(Duration.ofDays(3))).endsWith("(expired 3 days ago)"));
        assertEquals(TestCertificates.leaf(site, "site").getSerialNumber().toString(16), served.serial());
    }

    @Test
    void aServerWithoutACertificateForTheNameFailsTheHandshake() throws Exception {
        int port = serve(true);
        IOException failure = assertThrows(
                IOException.class, () -> CertificateProbe.TLS.fetch("127.0.0.1", port, "other.example.com"));
        assertTrue(
                failure.getMessage().contains("unrecognized_name")
                        || failure.getMessage().contains("alert"),
                failure.getMessage());
    }

    @Test
    void nothingListeningIsAnIoException() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        assertThrows(IOException.class, () -> CertificateProbe.TLS.fetch("127.0.0.1", port, DOMAIN));
    }
}
