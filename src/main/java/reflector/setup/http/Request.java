package reflector.setup.http;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One HTTP request for {@link HttpTransport}. Each {@code with...} returns a new request. The
 * body is held, not copied.
 */
public final class Request {
    /**
     * HttpURLConnection drops these silently (it sets them itself, or refuses them); refusing them
     * here makes a request that would not go out as written fail where it is built.
     */
    private static final Set<String> RESTRICTED = Set.of(
            "host",
            "content-length",
            "connection",
            "transfer-encoding",
            "keep-alive",
            "upgrade",
            "expect",
            "trailer",
            "via",
            "origin",
            "content-transfer-encoding",
            "access-control-request-headers",
            "access-control-request-method");

    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final byte[] body;
    private final StreamedBody streamed;
    private final Duration timeout;

    /** A body sent as it is read, never held whole: exactly {@code length} bytes of {@code in}. */
    public record StreamedBody(InputStream in, long length) {
        public StreamedBody {
            Objects.requireNonNull(in, "in");
            if (length < 0) {
                throw new IllegalArgumentException("a body's length cannot be negative: " + length);
            }
        }
    }

    private Request(
            String method, URI uri, Map<String, String> headers, byte[] body, StreamedBody streamed, Duration timeout) {
        this.method = method;
        this.uri = uri;
        this.headers = headers;
        this.body = body;
        this.streamed = streamed;
        this.timeout = timeout;
    }

    /** A request without body, header or timeout. */
    public static Request of(String method, URI uri) {
        Objects.requireNonNull(uri, "uri");
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("not an http or https URL: " + uri);
        }
        return new Request(method.toUpperCase(Locale.ROOT), uri, Map.of(), null, null, null);
    }

    public static Request get(URI uri) {
        return of("GET", uri);
    }

    /**
     * A header, replacing one of the same name. A value with a control character is refused
     * without quoting it: header values are often secrets.
     */
    public Request withHeader(String name, String value) {
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
            throw new IllegalArgumentException("not an HTTP header name: " + name);
        }
        if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the HTTP client sets " + name + " itself");
        }
        if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f))) {
            throw new IllegalArgumentException(
                    "the value of the HTTP header " + name + " contains characters a header cannot carry");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((n, v) -> {
            if (!n.equalsIgnoreCase(name)) {
                copy.put(n, v);
            }
        });
        copy.put(name, value);
        return new Request(method, uri, Collections.unmodifiableMap(copy), body, streamed, timeout);
    }

    /** The body, sent with a Content-Length; an empty array sends an empty body, unlike none. */
    public Request withBody(byte[] body) {
        refuseBody();
        return new Request(method, uri, headers, Objects.requireNonNull(body, "body"), null, timeout);
    }

    /**
     * A body streamed from {@code in} with a Content-Length of {@code length}, read once when the
     * request is sent (so the request can be sent once); fewer or more bytes fail the request.
     */
    public Request withBody(InputStream in, long length) {
        refuseBody();
        return new Request(method, uri, headers, null, new StreamedBody(in, length), timeout);
    }

    private void refuseBody() {
        if (method.equals("GET") || method.equals("HEAD")) {
            // HttpURLConnection would quietly turn a GET with a body into a POST.
            throw new IllegalArgumentException(method + " requests carry no body here");
        }
    }

    /** How long to wait for each read of the answer; without one, a read waits for ever. */
    public Request withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive: " + timeout);
        }
        return new Request(method, uri, headers, body, streamed, timeout);
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    /** Header names as given, values unquoted. */
    public Map<String, String> headers() {
        return headers;
    }

    public Optional<byte[]> body() {
        return Optional.ofNullable(body);
    }

    public Optional<StreamedBody> streamedBody() {
        return Optional.ofNullable(streamed);
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }
}
