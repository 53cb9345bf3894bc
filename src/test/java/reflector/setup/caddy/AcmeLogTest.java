package reflector.setup.caddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ACME errors picked out of Caddy's log. The lines are Caddy 2.6.2's (Debian's, the test image's)
 * own, captured from a start against a CA that could not be reached and from an issuance by pebble.
 */
class AcmeLogTest {
    static final String UNREACHABLE =
            """
            {"level":"info","ts":1796006323.328338,"logger":"http","msg":"enabling automatic TLS certificate management","domains":["reflector.example.com"]}
            {"level":"info","ts":1796006323.329349,"logger":"tls.obtain","msg":"obtaining certificate","identifier":"reflector.example.com"}
            {"level":"error","ts":1796006323.871344,"logger":"tls.obtain","msg":"could not get certificate from issuer","identifier":"reflector.example.com","issuer":"127.0.0.1:14000-dir","error":"registering account [mailto:admin@example.com] with server: provisioning client: performing request: Get \\"https://127.0.0.1:14000/dir\\": dial tcp 127.0.0.1:14000: connect: connection refused"}
            {"level":"error","ts":1796006323.871396,"logger":"tls.obtain","msg":"will retry","error":"[reflector.example.com] Obtain: registering account [mailto:admin@example.com] with server: provisioning client: performing request: Get \\"https://127.0.0.1:14000/dir\\": dial tcp 127.0.0.1:14000: connect: connection refused","attempt":1,"retrying_in":60,"elapsed":0.542094021,"max_duration":2592000}
            """;
    static final String ISSUED =
            """
            {"level":"info","ts":1796006311.6684291,"logger":"http.acme_client","msg":"trying to solve challenge","identifier":"reflector.example.com","challenge_type":"http-01","ca":"https://pebble:14000/dir"}
            {"level":"info","ts":1796006312.1813085,"logger":"tls.obtain","msg":"certificate obtained successfully","identifier":"reflector.example.com"}
            {"level":"warn","ts":1796006312.1845913,"logger":"tls","msg":"stapling OCSP","error":"no OCSP stapling for [reflector.example.com]: no OCSP server specified in certificate","identifiers":["reflector.example.com"]}
            """;

    @Test
    void aFailedAttemptIsTwoErrorLinesWithTheirTimeAndCause() {
        List<AcmeLog.Entry> entries = AcmeLog.entries(UNREACHABLE);
        assertEquals(2, entries.size(), entries.toString());
        assertEquals(
                "2026-11-30 02:38:43Z error tls.obtain: could not get certificate from issuer [reflector.example.com]: "
                        + "registering account [mailto:admin@example.com] with server: provisioning client: performing request: "
                        + "Get \"https://127.0.0.1:14000/dir\": dial tcp 127.0.0.1:14000: connect: connection refused",
                entries.get(0).text());
        assertTrue(
                entries.get(1).text().contains("will retry: [reflector.example.com] Obtain:"),
                entries.get(1).text());
        assertTrue(entries.stream().allMatch(AcmeLog.Entry::failedAttempt));
        assertEquals(
                Instant.ofEpochSecond(1796006323L, 871344000L).getEpochSecond(),
                entries.get(0).time().orElseThrow().getEpochSecond());
    }

    @Test
    void onlyAttemptsSinceTheRunBeganCountAsFailedNow() {
        List<AcmeLog.Entry> entries = AcmeLog.entries(UNREACHABLE);
        assertEquals(
                2,
                AcmeLog.failedSince(entries, Instant.ofEpochSecond(1796006323L)).size());
        assertEquals(List.of(), AcmeLog.failedSince(entries, Instant.ofEpochSecond(1796006324L)));
    }

    @Test
    void whatCaddySaidBeforeItsLastStartIsAboutAConfigurationThatIsGone() {
        String restart = "{\"level\":\"info\",\"ts\":1796007826.550987,\"msg\":\"using provided configuration\","
                + "\"config_file\":\"/etc/caddy/Caddyfile\",\"config_adapter\":\"caddyfile\"}\n";
        assertEquals(List.of(), AcmeLog.entries(UNREACHABLE + restart + ISSUED));
        assertEquals(2, AcmeLog.entries(restart + UNREACHABLE).size());
    }

    @Test
    void aLockLeftWhenCaddyStoppedMidAttemptIsShownButIsNoFailedAttempt() {
        String line =
                "{\"level\":\"error\",\"ts\":1796007835.3383093,\"logger\":\"tls.obtain\",\"msg\":\"unable to unlock\","
                        + "\"identifier\":\"reflector.example.com\",\"lock_key\":\"issue_cert_reflector.example.com\",\"error\":\"remove "
                        + "/data/caddy/locks/issue_cert_reflector.example.com.lock: no such file or directory\"}";
        List<AcmeLog.Entry> entries = AcmeLog.entries(line);
        assertEquals(1, entries.size());
        assertFalse(entries.get(0).failedAttempt());
    }

    @Test
    void anIssuanceAndAnOcspWarningAreNoErrors() {
        assertEquals(List.of(), AcmeLog.entries(ISSUED));
    }

    @Test
    void acmeClientWarningsAreShownButAreNoFailedAttempt() {
        String line =
                "{\"level\":\"warn\",\"ts\":1796006400.5,\"logger\":\"http.acme_client\",\"msg\":\"HTTP request failed; retrying\","
                        + "\"url\":\"https://pebble:14000/dir\",\"error\":\"connection reset\"}";
        List<AcmeLog.Entry> entries = AcmeLog.entries(line);
        assertEquals(1, entries.size());
        assertFalse(entries.get(0).failedAttempt());
        assertTrue(entries.get(0)
                .text()
                .endsWith("warn http.acme_client: HTTP request failed; retrying: connection reset"));
    }

    @Test
    void plainTextLinesCountOnlyWhenTheyMentionAcmeAndAnError() {
        String logs =
                "2026/11/30 02:38:43.871 ERROR tls.obtain acme: error: 400 badNonce\nsome other line\nnot json {\n";
        List<AcmeLog.Entry> entries = AcmeLog.entries(logs);
        assertEquals(1, entries.size());
        assertTrue(entries.get(0).time().isEmpty());
        assertEquals(
                List.of(),
                AcmeLog.failedSince(entries, Instant.EPOCH),
                "without a time it is shown, never counted as failing now");
    }
}
