package reflector.setup.steps;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The plain HTTP probe: a 2xx is an answer; nothing listening, or an error status, is not. */
class ReadinessProbeTest {
    @Test
    void aTwoHundredIsAnAnswerAndAFiveHundredIsNot() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
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
            assertTrue(ReadinessProbe.http(ReadinessProbe.plainClient(), base + "/ok").ready());
            assertFalse(ReadinessProbe.http(ReadinessProbe.plainClient(), base + "/down").ready());
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
        assertFalse(ReadinessProbe.http(ReadinessProbe.plainClient(), "http://127.0.0.1:" + port + "/").ready());
    }
}
