package reflector.setup.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * With a domain, Caddy holds a certificate for that name only (none for "localhost", which made
 * the original's check warn every time): the probe asks plain HTTP for the site by its name.
 */
class ReadinessProbeTest {
    @Test
    void theVirtualHostProbeNamesTheSiteAndTakesARedirectAsAnAnswer() throws Exception {
        try (ServerSocket caddy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<String> hostHeader = CompletableFuture.supplyAsync(() -> {
                try (Socket client = caddy.accept()) {
                    BufferedReader request = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                    String host = request.lines().takeWhile(line -> !line.isEmpty())
                            .filter(line -> line.startsWith("Host: ")).findFirst().orElse("");
                    client.getOutputStream().write("HTTP/1.1 308 Permanent Redirect\r\nLocation: https://reflector.example.com/\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    return host;
                } catch (Exception e) {
                    return e.toString();
                }
            });
            assertTrue(ReadinessProbe.virtualHost(caddy.getLocalPort(), "reflector.example.com").ready());
            assertEquals("Host: reflector.example.com", hostHeader.get());
        }
    }

    @Test
    void nothingListeningIsNotReady() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        assertFalse(ReadinessProbe.virtualHost(port, "reflector.example.com").ready());
    }
}
