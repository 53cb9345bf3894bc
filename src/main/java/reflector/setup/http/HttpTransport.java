package reflector.setup.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * Blocking HTTP/1.1 over {@link HttpURLConnection}, one connection per request. Not the JDK's
 * HttpClient: its selector thread waits in native code, and the JVM waits up to 300 ms for such
 * threads at {@code System.exit}; nothing here outlives a request. Redirects are not followed, and
 * an error status is an answer like any other.
 */
public final class HttpTransport {
    static {
        // HttpURLConnection sends a POST again when its connection fails before an answer; the
        // backend's login counts every attempt (10 in 5 minutes) and Garage would make a second key.
        // Read once, when the JDK's HTTP client class loads: set before this class opens anything.
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    private final Duration connectTimeout;
    private final SSLSocketFactory tls;
    private final HostnameVerifier hostnames;

    /** HTTPS with the JDK's trusted roots and host name checks; the host named in SNI, as the JDK's HttpClient does. */
    public HttpTransport(Duration connectTimeout) {
        this(connectTimeout, null, null);
    }

    private HttpTransport(Duration connectTimeout, SSLSocketFactory tls, HostnameVerifier hostnames) {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("the connect timeout must be positive: " + connectTimeout);
        }
        this.connectTimeout = connectTimeout;
        this.tls = tls;
        this.hostnames = hostnames;
    }

    /** HTTPS whose certificates {@code context} trusts and whose host names {@code hostnames} accepts. */
    public HttpTransport withTls(SSLContext context, HostnameVerifier hostnames) {
        return new HttpTransport(
                connectTimeout,
                new SniSocketFactory(context.getSocketFactory()),
                Objects.requireNonNull(hostnames, "hostnames"));
    }

    /** Sends the request and reads the whole answer. */
    public Response send(Request request) throws IOException, InterruptedException {
        HttpURLConnection connection = open(request);
        try {
            int status = status(connection, request);
            try (InputStream in = body(connection, status)) {
                return new Response(status, Headers.of(connection.getHeaderFields()), in.readAllBytes());
            } catch (SocketTimeoutException e) {
                throw stalled(request, e);
            }
        } finally {
            connection.disconnect();
        }
    }

    /** Sends the request and returns once the answer's headers are in; its body is read as it arrives. */
    public StreamedResponse stream(Request request) throws IOException, InterruptedException {
        HttpURLConnection connection = open(request);
        try {
            int status = status(connection, request);
            InputStream in = body(connection, status);
            return new StreamedResponse(status, Headers.of(connection.getHeaderFields()), new FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        connection.disconnect();
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    private HttpURLConnection open(Request request) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before " + request);
        }
        HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setConnectTimeout(millis(connectTimeout));
        connection.setReadTimeout(request.timeout().map(HttpTransport::millis).orElse(0));
        connection.setRequestMethod(request.method());
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls != null ? tls : DefaultTls.SOCKETS);
            if (hostnames != null) {
                https.setHostnameVerifier(hostnames);
            }
        }
        // Without these HttpURLConnection sends an Accept of browser types and, with a body, a form Content-Type.
        connection.setRequestProperty("Accept", "*/*");
        if (request.body().isPresent() || request.streamedBody().isPresent()) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/octet-stream");
        }
        request.streamedBody().ifPresent(body -> connection.setFixedLengthStreamingMode(body.length()));
        request.headers().forEach(connection::setRequestProperty);
        return connection;
    }

    /**
     * Sends the request and reads the status. A body in memory goes through HttpURLConnection's
     * buffer, which sets Content-Length: in its streaming mode a 401 throws instead of being
     * answered, and the backend's 401 says why a login failed. A streamed body (an object copied
     * between buckets, whose refusals are 400 and 403) goes in fixed-length streaming mode, never
     * held whole.
     */
    private static int status(HttpURLConnection connection, Request request) throws IOException {
        connection.connect();
        try {
            if (request.body().isPresent()) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(request.body().get());
                }
            } else if (request.streamedBody().isPresent()) {
                try (OutputStream out = connection.getOutputStream()) {
                    request.streamedBody().get().in().transferTo(out);
                }
            }
            int status = connection.getResponseCode();
            if (status < 0) {
                throw new IOException("the answer to " + request + " is not HTTP");
            }
            return status;
        } catch (SocketTimeoutException e) {
            throw stalled(request, e);
        }
    }

    /** The answer's body: from the error stream for 4xx and 5xx, which the JDK gives as null when there is none. */
    private static InputStream body(HttpURLConnection connection, int status) throws IOException {
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return in == null ? InputStream.nullInputStream() : in;
    }

    /** The JDK's HttpClient said "request timed out"; say for how long. The cause keeps the JDK's words. */
    private static SocketTimeoutException stalled(Request request, SocketTimeoutException cause) {
        SocketTimeoutException e = new SocketTimeoutException("timed out: nothing received for "
                + request.timeout().map(HttpTransport::describe).orElse("too long"));
        e.initCause(cause);
        return e;
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** A holder, so that plain HTTP never loads the TLS classes. */
    private static final class DefaultTls {
        static final SSLSocketFactory SOCKETS = new SniSocketFactory((SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }
}
