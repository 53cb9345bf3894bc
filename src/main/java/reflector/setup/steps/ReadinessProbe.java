package reflector.setup.steps;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import reflector.setup.http.HttpTransport;
import reflector.setup.http.Request;
import reflector.setup.tls.AcceptAnyCertificate;

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
    static ReadinessProbe http(HttpTransport client, String url) {
        Request request = Request.get(URI.create(url)).withTimeout(REQUEST_TIMEOUT);
        return () -> {
            try {
                int status = client.send(request).status();
                return status >= 200 && status < 300;
            } catch (IOException notYet) {
                return false;
            }
        };
    }

    static HttpTransport plainClient() {
        return new HttpTransport(CONNECT_TIMEOUT);
    }

    /**
     * For Caddy's internal CA only, and only on this host: its certificate is self-signed by design,
     * so the check accepts any certificate for any name (the original used curl -k). The host still
     * goes out as SNI, {@code localhost} included: Caddy picks the certificate by it.
     */
    static HttpTransport acceptingAnyCertificate() {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new AcceptAnyCertificate()}, null);
            return plainClient().withTls(ssl, (host, session) -> true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
