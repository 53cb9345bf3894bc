package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.PublishedPort;
import reflector.setup.support.CliRun;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.TestCertificates;
import reflector.setup.tls.ServedCertificate;

/** `status` of a --domain deployment shows the certificate Caddy serves and its expiry, at Caddy's published port. */
class StatusCertificateTest {
    static final String DOMAIN = "reflector.example.com";

    @TempDir
    static Path certificates;

    static ServedCertificate served;

    @TempDir
    Path dir;

    final FakeDocker docker = new FakeDocker();

    @BeforeAll
    static void aCertificate() throws Exception {
        served = new ServedCertificate(TestCertificates.chain(
                TestCertificates.newCa(certificates, "Status Test CA").server("site", "dns:" + DOMAIN), "site"));
    }

    @BeforeEach
    void aDomainDeployment() throws Exception {
        Files.writeString(
                dir.resolve(".env"), "COMPOSE_PROJECT_NAME=reflector-test\nREFLECTOR_DOMAIN=" + DOMAIN + "\n");
        docker.containers.add(FakeDocker.container("server", "running", "healthy"));
        docker.containers.add(new ContainerInfo(
                "id-caddy",
                "reflector-test-caddy-1",
                FakeDocker.PROJECT,
                "",
                "caddy",
                "caddy",
                "sha256:test-image",
                "running",
                Optional.empty(),
                "Up",
                List.of(new PublishedPort("0.0.0.0", 8443, 443, "tcp"))));
    }

    CliRun.Result status(CliRun run) {
        return run.docker(() -> docker)
                .clock(Clock.fixed(served.notBefore().plus(Duration.ofHours(2)), ZoneOffset.UTC))
                .run("status", "--dir", dir.toString());
    }

    @Test
    void theServedCertificateAndItsExpiryAreShown() {
        CliRun.Result result = status(new CliRun().certificates((host, port, name) -> {
            assertEquals("127.0.0.1", host);
            assertEquals(8443, port, "the host port Caddy's 443 is published on");
            assertEquals(DOMAIN, name);
            return served;
        }));
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(
                result.out().contains("certificate: reflector.example.com issued by Status Test CA, expires "),
                result.out());
        assertTrue(result.out().contains("(in 1 days), not trusted by this host"), result.out());
    }

    @Test
    void noCertificateServedIsExitFour() {
        CliRun.Result result = status(new CliRun().certificates((host, port, name) -> {
            throw new IOException("Received fatal alert: internal_error");
        }));
        assertEquals(4, result.exitCode(), result::toString);
        assertTrue(
                result.out()
                        .contains(
                                "certificate: none served for reflector.example.com (Received fatal alert: internal_error)"),
                result.out());
    }

    @Test
    void withoutADomainNoHandshakeIsMade() throws Exception {
        Files.writeString(dir.resolve(".env"), "COMPOSE_PROJECT_NAME=reflector-test\n");
        CliRun.Result result = status(new CliRun().certificates((host, port, name) -> {
            throw new AssertionError("no handshake without a domain");
        }));
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(result.out().contains("certificate"), result.out());
    }
}
