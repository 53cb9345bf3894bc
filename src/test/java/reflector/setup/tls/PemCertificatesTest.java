package reflector.setup.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.TestCertificates;

/** PEM in and out: only CERTIFICATE blocks count, a private key is refused, output is canonical. */
class PemCertificatesTest {
    @TempDir
    Path dir;

    @Test
    void certificatesAmongOtherTextAreReadAndWrittenCanonically() throws Exception {
        TestCertificates ca = TestCertificates.newCa(dir, "Pem Test CA");
        String text = "Bag Attributes\n    friendlyName: ca\nsubject=CN=Pem Test CA\r\n"
                + ca.caPem().replace("\n", "\r\n") + "\ntrailing words\n";
        List<X509Certificate> certificates = PemCertificates.parse(text);
        assertEquals(List.of(ca.caCertificate()), certificates);
        String canonical = PemCertificates.encode(certificates);
        assertTrue(
                canonical.startsWith("-----BEGIN CERTIFICATE-----\n")
                        && canonical.endsWith("-----END CERTIFICATE-----\n"),
                canonical);
        assertEquals(certificates, PemCertificates.parse(canonical));
        assertEquals(canonical, PemCertificates.encode(PemCertificates.parse(canonical)), "stable");
    }

    @Test
    void aPrivateKeyOrNoCertificateIsRefused() throws Exception {
        TestCertificates ca = TestCertificates.newCa(dir, "Pem Test CA");
        var server = ca.server("site", "dns:site.example.com");
        String withKey = TestCertificates.chainPem(server, "site") + TestCertificates.keyPem(server, "site");
        assertEquals(
                "contains a private key; give only the CA's certificate",
                assertThrows(IllegalArgumentException.class, () -> PemCertificates.parse(withKey))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PemCertificates.parse("hello"))
                .getMessage()
                .contains("no PEM certificate"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> PemCertificates.parse("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                .getMessage()
                .contains("not an X.509 certificate"));
    }
}
