package reflector.setup.steps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** How the installer tells that a service answers: over the ports it publishes on this host. */
@FunctionalInterface
interface ReadinessProbe {
    /**
     * Generous for a first page render on a loaded host: a probe that outlasts a round is not
     * abandoned, HealthStep takes its answer in a later round while the other services go on.
     */
    Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /** True once the service answers; throws {@link GaveUp} when it never will, so the wait ends early. */
    boolean ready() throws InterruptedException;

    /** The service will not become ready: waiting longer is pointless. The message says why. */
    final class GaveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GaveUp(String message) {
            super(message);
        }
    }

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
            ssl.init(null, new javax.net.ssl.TrustManager[] {new reflector.setup.tls.AcceptAnyCertificate()}, null);
            return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).sslContext(ssl).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
