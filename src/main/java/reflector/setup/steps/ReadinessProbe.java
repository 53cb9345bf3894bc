package reflector.setup.steps;

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
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/** How the installer tells that a service answers: over the ports it publishes on this host. */
@FunctionalInterface
interface ReadinessProbe {
    /**
     * Generous for a first page render on a loaded host: a probe that outlasts a round is not
     * abandoned, HealthStep takes its answer in a later round while the other services go on.
     */
    Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    boolean ready() throws InterruptedException;

    /** A 2xx answer to GET. */
    static ReadinessProbe http(HttpClient client, String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build();
        return () -> {
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                return status >= 200 && status < 300;
            } catch (IOException notYet) {
                return false;
            }
        };
    }

    /**
     * Any HTTP answer on 127.0.0.1:port for a virtual host. With a domain, Caddy answers plain
     * HTTP with a redirect to HTTPS for that name; this proves it serves the site without needing
     * the public certificate (which a fresh server may not have yet).
     */
    static ReadinessProbe virtualHost(int port, String host) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) CONNECT_TIMEOUT.toMillis());
                socket.setSoTimeout((int) REQUEST_TIMEOUT.minus(CONNECT_TIMEOUT).toMillis());
                OutputStream out = socket.getOutputStream();
                out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] head = in.readNBytes(12);
                return new String(head, StandardCharsets.US_ASCII).matches("HTTP/1\\.[01] [1-5]\\d\\d");
            } catch (IOException notYet) {
                return false;
            }
        };
    }

    static HttpClient plainClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * For Caddy's internal CA only, and only on this host: its certificate is self-signed by design,
     * so the check accepts any certificate (the original used curl -k).
     */
    static HttpClient acceptingAnyCertificate() {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new javax.net.ssl.TrustManager[] {new AcceptAnyCertificate()}, null);
            return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).sslContext(ssl).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Extended, so that the JDK leaves host name checks to it as well (it makes none). */
    final class AcceptAnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
