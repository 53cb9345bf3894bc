package reflector.setup.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.TestCertificates;

/**
 * The plain HTTP probe: a 2xx is an answer; nothing listening, or an error status, is not. The
 * probe of Caddy's internal CA takes any certificate and still names the host in SNI.
 */
class ReadinessProbeTest {
    @Test
    void aTwoHundredIsAnAnswerAndAFiveHundredIsNot() throws Exception {
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/down", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertTrue(ReadinessProbe.http(ReadinessProbe.plainClient(), base + "/ok")
                    .ready());
            assertFalse(ReadinessProbe.http(ReadinessProbe.plainClient(), base + "/down")
                    .ready());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void nothingListeningIsNotReady() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        assertFalse(ReadinessProbe.http(ReadinessProbe.plainClient(), "http://127.0.0.1:" + port + "/")
                .ready());
    }

    @Test
    void theInternalCaProbeTakesAnyCertificateAndNamesLocalhostInSni(@TempDir Path dir) throws Exception {
        TestCertificates ca = TestCertificates.newCa(dir, "Caddy Local Authority - ECC Intermediate");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(ca.server("caddy", "dns:localhost"), TestCertificates.PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        List<List<SNIServerName>> names = new CopyOnWriteArrayList<>();
        server.createContext("/health", exchange -> {
            names.add(((ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession()).getRequestedServerNames());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertTrue(ReadinessProbe.http(
                            ReadinessProbe.acceptingAnyCertificate(), "https://localhost:" + port + "/health")
                    .ready());
            assertTrue(
                    ReadinessProbe.http(
                                    ReadinessProbe.acceptingAnyCertificate(), "https://127.0.0.1:" + port + "/health")
                            .ready(),
                    "the certificate names localhost, not the address: accepted all the same");
            assertFalse(
                    ReadinessProbe.http(ReadinessProbe.plainClient(), "https://localhost:" + port + "/health")
                            .ready(),
                    "a CA nobody trusts");
            assertEquals(List.of(List.of(new SNIHostName("localhost")), List.of()), names);
        } finally {
            server.stop(0);
        }
    }
}
