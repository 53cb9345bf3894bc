package reflector.setup.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.TestCertificates;
import reflector.setup.tls.AcceptAnyCertificate;

/**
 * HTTPS against an in-process server whose certificate a keytool-made CA signed: the host name
 * goes out as SNI (also {@code localhost}, which the JDK's sockets leave out), an IP address does
 * not, and certificates and host names are checked unless the caller says otherwise.
 */
class HttpTransportTlsTest {
    @TempDir
    static Path certificates;

    static TestCertificates ca;
    static KeyStore site;

    private final List<List<SNIServerName>> requestedNames = new CopyOnWriteArrayList<>();
    private HttpsServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = TestCertificates.newCa(certificates.resolve("ca"), "Test Issuing CA");
        site = ca.server("site", "dns:localhost", "ip:127.0.0.1");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private int serve(KeyStore keyStore) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, TestCertificates.PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            requestedNames.add(
                    ((ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession()).getRequestedServerNames());
            byte[] body = "secure".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    private static SSLContext trusting(TestCertificates authority) throws Exception {
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        roots.setCertificateEntry("root", authority.caCertificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static HttpTransport transport() {
        return new HttpTransport(Duration.ofSeconds(2));
    }

    @Test
    void aHostNameWithoutADotIsSentAsSni() throws Exception {
        int port = serve(site);
        HttpTransport http = transport().withTls(trusting(ca), HttpsURLConnection.getDefaultHostnameVerifier());

        Response response = http.send(Request.get(URI.create("https://localhost:" + port + "/")));

        assertEquals(200, response.status());
        assertEquals("secure", response.bodyText());
        assertEquals(
                "[type=host_name (0), value=localhost]", requestedNames.get(0).toString());
    }

    @Test
    void anIpAddressIsNotSentAsSni() throws Exception {
        int port = serve(site);
        HttpTransport http = transport().withTls(trusting(ca), HttpsURLConnection.getDefaultHostnameVerifier());

        assertEquals(
                200,
                http.send(Request.get(URI.create("https://127.0.0.1:" + port + "/")))
                        .status());
        assertEquals(List.of(), requestedNames.get(0));
    }

    @Test
    void aCertificateForAnotherNameIsRefusedByTheDefaultCheck() throws Exception {
        int port = serve(ca.server("elsewhere", "dns:elsewhere.example"));
        HttpTransport http = transport().withTls(trusting(ca), HttpsURLConnection.getDefaultHostnameVerifier());

        assertThrows(IOException.class, () -> http.send(Request.get(URI.create("https://localhost:" + port + "/"))));
    }

    @Test
    void anUntrustedCertificateIsRefusedWithoutTlsSettings() throws Exception {
        int port = serve(site);

        assertThrows(
                IOException.class, () -> transport().send(Request.get(URI.create("https://localhost:" + port + "/"))));
    }

    /** What the probe of Caddy's internal CA does: any certificate, any name, and still the host as SNI. */
    @Test
    void acceptingAnyCertificateAndNameReachesAServerForAnotherName() throws Exception {
        int port = serve(ca.server("other", "dns:other.example"));
        SSLContext any = SSLContext.getInstance("TLS");
        any.init(null, new TrustManager[] {new AcceptAnyCertificate()}, null);
        HttpTransport http = transport().withTls(any, (host, session) -> true);

        assertEquals(
                "secure",
                http.send(Request.get(URI.create("https://localhost:" + port + "/")))
                        .bodyText());
        assertEquals(
                "[type=host_name (0), value=localhost]", requestedNames.get(0).toString());
    }
}
