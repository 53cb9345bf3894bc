package reflector.setup.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.TestCertificates;

/**
 * --domain end to end: the REAL Caddy (Debian's 2.6.2) gets the site's certificate over ACME from
 * a REAL local ACME CA, Debian's pebble, which runs in a container on this test deployment's own
 * Docker network (alias "pebble") and nowhere else. Pebble validates no challenge
 * (PEBBLE_VA_ALWAYS_VALID), so no traffic leaves the machine; its ACME endpoint's TLS certificate
 * is made here with keytool and handed to the installer as --acme-ca-root. A client that trusts
 * pebble's issuing root (from its management API, published on 127.0.0.1 only) then verifies the
 * site at 127.0.0.1:443 with SNI reflector.example.com. The application services are the
 * stand-ins of InstallIT. The installer's DNS lookup of the domain reads a hosts file
 * (-Djdk.net.hosts.file), so the preflight sees the domain point here without any DNS query.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DomainIT {
    static final String DOMAIN = "reflector.example.com";
    static final String PEBBLE_IMAGE = "reflector-test/pebble:latest";
    static final String PEBBLE_CA = "https://pebble:14000/dir";
    static final List<String> INSTALL = List.of(
            "--cpu",
            "--garage",
            "--domain",
            DOMAIN,
            "--public-ip",
            "127.0.0.1",
            "--non-interactive",
            "--ignore-preflight",
            "memory,disk",
            "--pull",
            "missing");

    static TestDeployment deployment;
    static Path dir;
    static Stack stack;
    static Path acme;
    static TestCertificates endpointCa;
    static String pebble;
    static X509Certificate issuingRoot;
    static X509Certificate firstCertificate;

    @BeforeAll
    static void aDeploymentAndAPebbleOnItsNetwork() throws Exception {
        deployment = TestDeployment.checkout("domain");
        dir = deployment.dir;
        stack = deployment.stack;
        acme = Files.createDirectories(deployment.parent.resolve("acme"));
        Files.writeString(acme.resolve("hosts"), "127.0.0.1 localhost\n127.0.0.1 " + DOMAIN + "\n");

        endpointCa = TestCertificates.newCa(acme.resolve("ca"), "rse2e pebble ACME endpoint root");
        KeyStore endpoint = endpointCa.server("pebble", "dns:pebble", "ip:127.0.0.1");
        Path config = Files.createDirectories(acme.resolve("pebble"));
        Files.writeString(config.resolve("cert.pem"), TestCertificates.chainPem(endpoint, "pebble"));
        Files.writeString(config.resolve("key.pem"), TestCertificates.keyPem(endpoint, "pebble"));
        Files.writeString(
                config.resolve("pebble-config.json"),
                """
                {"pebble": {"listenAddress": "0.0.0.0:14000", "managementListenAddress": "0.0.0.0:15000",
                  "certificate": "/etc/pebble/cert.pem", "privateKey": "/etc/pebble/key.pem",
                  "httpPort": 80, "tlsPort": 443, "ocspResponderURL": "", "externalAccountBindingRequired": false}}
                """);
        buildPebbleImage();

        // The deployment's network, made before the installer runs so that pebble is there when
        // Caddy first asks: labelled as Compose labels its own, so `up` takes it as the project's.
        String project = stack.project();
        pebble = project + "-pebble";
        docker(
                "network",
                "create",
                "--attachable",
                "--label",
                "com.docker.compose.project=" + project,
                "--label",
                "com.docker.compose.network=default",
                project + "_default");
        docker(
                "run",
                "-d",
                "--name",
                pebble,
                "--network",
                project + "_default",
                "--network-alias",
                "pebble",
                "-p",
                "127.0.0.1::15000",
                "-e",
                "PEBBLE_VA_ALWAYS_VALID=1",
                "-e",
                "PEBBLE_VA_NOSLEEP=1",
                "-e",
                "PEBBLE_WFE_NONCEREJECT=0",
                "-v",
                config + ":/etc/pebble:ro",
                PEBBLE_IMAGE);
        issuingRoot = pebblesIssuingRoot();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (pebble != null) {
            Shell.run(Map.of(), 60, List.of("docker", "rm", "-f", pebble));
        }
        if (deployment != null) {
            deployment.remove();
        }
    }

    /**
     * A tiny image around the host's pebble (Debian's or Ubuntu's package; the test tools script
     * installs it). The binary is linked against the host's C library, which may be newer than the
     * base image's, so the libraries ldd names go along and the host's loader runs it.
     */
    static void buildPebbleImage() throws Exception {
        Path context = Files.createDirectories(acme.resolve("image"));
        Path lib = Files.createDirectories(context.resolve("pebble/lib"));
        Files.copy(Path.of("/usr/bin/pebble"), context.resolve("pebble/pebble"));
        String loader = null;
        for (String line : Shell.run("ldd", "/usr/bin/pebble").out().lines().toList()) {
            Matcher library = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x").matcher(line);
            if (library.find()) {
                Path file = Path.of(library.group(1));
                Files.copy(file, lib.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                if (!line.contains("=>")) {
                    loader = "/opt/pebble/lib/" + file.getFileName();
                }
            }
        }
        String entrypoint = loader == null
                ? "[\"/opt/pebble/pebble\"]"
                : "[\"" + loader + "\", \"--library-path\", \"/opt/pebble/lib\", \"/opt/pebble/pebble\"]";
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM reflector-test/debian-base:bookworm\n"
                        + "COPY pebble /opt/pebble\n"
                        + "ENTRYPOINT " + entrypoint + "\n"
                        + "CMD [\"-config\", \"/etc/pebble/pebble-config.json\"]\n");
        // The label build-test-images.sh gives its images: it clears their untagged leftovers.
        docker(
                "build",
                "-q",
                "--pull=false",
                "--label",
                "reflector-test.inputs=pebble",
                "-t",
                PEBBLE_IMAGE,
                context.toString());
    }

    static String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Shell.Result result = Shell.run(Map.of(), 300, command);
        assertEquals(0, result.exitCode(), result::toString);
        return result.out().strip();
    }

    /** Pebble makes a new issuing root at every start and serves it on its management API. */
    static X509Certificate pebblesIssuingRoot() throws Exception {
        String published =
                docker("port", pebble, "15000/tcp").lines().findFirst().orElseThrow();
        URI roots = URI.create("https://" + published + "/roots/0");
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trusting(endpointCa.caCertificate()))
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                HttpResponse<String> answer = client.send(
                        HttpRequest.newBuilder(roots)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), answer.body());
                return certificate(answer.body());
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(
                            "pebble's management API did not answer: " + docker("logs", pebble), notYet);
                }
                Thread.sleep(300);
            }
        }
    }

    static Shell.Result install(String... extra) {
        List<String> args = new ArrayList<>(INSTALL);
        args.addAll(List.of("--dir", dir.toString()));
        args.addAll(List.of(extra));
        return Shell.installer(
                Map.of("JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + acme.resolve("hosts")),
                args.toArray(String[]::new));
    }

    static long ordersIssued() {
        Shell.Result logs = Shell.run("docker", "logs", pebble);
        return (logs.out() + logs.err())
                .lines()
                .filter(line -> line.contains("Issued certificate serial"))
                .count();
    }

    @Test
    @Order(1)
    void anInstallWithPebbleAsTheCaEndsWithTheSiteServedOverPebblesCertificate() throws Exception {
        Shell.Result result = install(
                "--acme-ca",
                PEBBLE_CA,
                "--acme-ca-root",
                endpointCa.caPemFile().toString(),
                "--acme-email",
                "ops@example.com");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Reflector is running."), result.out());
        assertTrue(
                result.err()
                        .contains("ok   acme: reflector.example.com resolves to 127.0.0.1; port 80 is free or Caddy's"),
                result.err());
        assertTrue(
                result.out().contains("  Proxy:    caddy, certificate for reflector.example.com from " + PEBBLE_CA),
                result.out());
        assertTrue(result.out().contains("  Cert:     issued by Pebble Intermediate CA"), result.out());
        // Pebble's endpoint root (--acme-ca-root) is not its issuing root, and the host trusts neither: said, not
        // fatal.
        assertTrue(result.out().contains("does not lead to --acme-ca-root or a root this host trusts"), result.out());
        assertTrue(Files.readString(dir.resolve("Caddyfile"))
                .contains("{\n\temail ops@example.com\n\tacme_ca " + PEBBLE_CA
                        + "\n\tacme_ca_root /etc/caddy/trust/acme-ca-root.pem\n}\n"));

        Answer health = getVerified("/health");
        assertTrue(health.head().startsWith("HTTP/1.1 200"), health.head());
        assertTrue(health.body().contains("healthy"), health.body());
        firstCertificate = health.certificate();
        assertEquals(1, ordersIssued());
    }

    @Test
    @Order(2)
    void aReRunWithoutTheOptionsKeepsTheCertificateAndAsksTheCaForNothing() throws Exception {
        DirectorySnapshot files = DirectorySnapshot.of(dir);
        Map<String, String> ids = stack.ids();
        Shell.Result result = install();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(
                result.err().contains("ok   acme: a certificate for reflector.example.com is served already"),
                result.err());
        assertEquals(files, DirectorySnapshot.of(dir), "the ACME options were kept");
        assertEquals(ids, stack.ids());
        assertEquals(firstCertificate, getVerified("/").certificate());
        assertEquals(1, ordersIssued(), "no new order");
    }

    @Test
    @Order(3)
    void statusShowsTheCertificatesExpiry() {
        Shell.Result status = Shell.installer(Map.of(), "status", "--dir", dir.toString());
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(
                status.out().contains("certificate: reflector.example.com issued by Pebble Intermediate CA"),
                status.out());
        assertTrue(status.out().contains(", expires "), status.out());
    }

    @Test
    @Order(4)
    void aCaThatCannotBeReachedFailsTheRunWithExitFourAndTheAcmeError() {
        // Nothing listens on 14000 inside Caddy's container: the connection is refused there.
        Shell.Result result = install("--acme-ca", "https://127.0.0.1:14000/dir");
        assertEquals(4, result.exitCode(), result::toString);
        assertTrue(result.err().contains("restart caddy to load the new Caddyfile"), result.err());
        assertTrue(
                result.err()
                        .contains("ERROR: Caddy could not get a certificate for reflector.example.com from the CA; "
                                + "Caddy's ACME errors:"),
                result.err());
        assertTrue(
                result.err().contains("could not get certificate from issuer [reflector.example.com]"), result.err());
        assertTrue(result.err().contains("connect: connection refused"), result.err());
    }

    @Test
    @Order(5)
    void backToPebbleTheStoredCertificateIsServedAgainWithoutANewOrder() throws Exception {
        Shell.Result result = install("--acme-ca", PEBBLE_CA);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(firstCertificate, getVerified("/health").certificate());
        assertEquals(1, ordersIssued());
        assertFalse(result.out().contains("Warning:  caddy"), result.out());
    }

    record Answer(String head, String body, X509Certificate certificate) {}

    /** GET over TLS to 127.0.0.1:443 with SNI and host name verification for the domain, trusting pebble's issuing root only. */
    static Answer getVerified(String path) throws Exception {
        SSLContext ssl = trusting(issuingRoot);
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", 443), 5000);
            raw.setSoTimeout(10000);
            try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(raw, DOMAIN, 443, false)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setServerNames(List.of(new SNIHostName(DOMAIN)));
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + DOMAIN + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int split = response.indexOf("\r\n\r\n");
                return new Answer(
                        split < 0 ? response : response.substring(0, split),
                        split < 0 ? "" : response.substring(split + 4),
                        leaf);
            }
        }
    }

    static SSLContext trusting(X509Certificate root) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", root);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, factory.getTrustManagers(), null);
        return ssl;
    }

    static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
