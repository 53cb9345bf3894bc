package reflector.setup.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reflector.setup.config.AcmeSettings;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.steps.RunReport;
import reflector.setup.support.SettingsBuilder;

/** The summary of a domain install names the CA and, once the health step saw it, the certificate's issuer and expiry. */
class SummaryCertificateTest {
    final Settings settings = SettingsBuilder.cpu(Path.of("/tmp/reflector"))
            .domain("reflector.example.com")
            .acme(new AcmeSettings(
                    Optional.of("https://ca.example.com/acme/directory"),
                    Optional.of("ops@example.com"),
                    Optional.of("(pem)")))
            .build();

    RunReport issued() {
        RunReport report = new RunReport();
        report.certificate(new RunReport.Certificate(
                "issued by Example Issuing CA, expires 2027-02-28 10:00 UTC (in 89 days)",
                "Example Issuing CA",
                Instant.parse("2027-02-28T10:00:00Z"),
                "1f2e",
                true));
        return report;
    }

    @Test
    void textShowsTheCaAndTheCertificate() {
        String text = new Summary(settings, issued()).text();
        assertTrue(
                text.contains(
                        "  Proxy:    caddy, certificate for reflector.example.com from https://ca.example.com/acme/directory\n"),
                text);
        assertTrue(
                text.contains("  Cert:     issued by Example Issuing CA, expires 2027-02-28 10:00 UTC (in 89 days)\n"),
                text);
    }

    @Test
    void withoutAnIssuedCertificateThereIsNoCertificateLine() {
        assertFalse(new Summary(settings, new RunReport()).text().contains("Cert:"));
    }

    @Test
    void jsonCarriesTheAcmeChoicesAndTheCertificate() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new Summary(settings, issued()).json(ExitCode.OK, null, null));
        assertEquals(
                "https://ca.example.com/acme/directory",
                json.get("acme").get("ca").asText());
        assertEquals("ops@example.com", json.get("acme").get("email").asText());
        assertEquals(
                "data/caddy-trust/acme-ca-root.pem",
                json.get("acme").get("caRoot").asText());
        assertEquals("Example Issuing CA", json.get("certificate").get("issuer").asText());
        assertEquals(
                "2027-02-28T10:00:00Z", json.get("certificate").get("notAfter").asText());
        assertTrue(json.get("certificate").get("trusted").asBoolean());
    }
}
