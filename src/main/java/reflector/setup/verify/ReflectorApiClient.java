package reflector.setup.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import reflector.setup.http.HttpTransport;
import reflector.setup.http.Request;
import reflector.setup.http.Response;

/**
 * The three backend endpoints that show whether login works: GET /v1/transcripts (protected
 * unless the instance is public), POST /v1/auth/login and GET /v1/me.
 */
public final class ReflectorApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final HttpTransport http;
    private final Duration timeout;

    public ReflectorApiClient(URI baseUrl, HttpTransport http, Duration timeout) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.timeout = timeout;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** GET /v1/transcripts, with {@code Authorization: Bearer token} unless the token is null. */
    public HttpAnswer transcripts(String token) throws IOException, InterruptedException {
        return send(get("/v1/transcripts", token));
    }

    public HttpAnswer me(String token) throws IOException, InterruptedException {
        return send(get("/v1/me", token));
    }

    /**
     * One POST /v1/auth/login. HttpTransport never repeats a POST, which matters: the backend
     * allows 10 logins in 5 minutes. The request body, which holds the password, is wiped after.
     */
    public HttpAnswer login(String email, char[] password) throws IOException, InterruptedException {
        byte[] body = loginBody(email, password);
        try {
            return send(request("POST", "/v1/auth/login").withHeader("Content-Type", "application/json").withBody(body));
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** {"email": ..., "password": ...} in UTF-8, built without turning the password into a String. */
    static byte[] loginBody(String email, char[] password) throws JsonProcessingException {
        String start = "{\"email\":" + JSON.writeValueAsString(email) + ",\"password\":\"";
        char[] chars = new char[start.length() + 6 * password.length + 2];
        start.getChars(0, start.length(), chars, 0);
        int n = start.length();
        for (char c : password) {
            if (c == '"' || c == '\\') {
                chars[n++] = '\\';
                chars[n++] = c;
            } else if (c < 0x20) {
                String escape = String.format("\\u%04x", (int) c);
                escape.getChars(0, escape.length(), chars, n);
                n += escape.length();
            } else {
                chars[n++] = c;
            }
        }
        chars[n++] = '"';
        chars[n++] = '}';
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars, 0, n));
        byte[] body = new byte[encoded.remaining()];
        encoded.get(body);
        Arrays.fill(chars, '\0');
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return body;
    }

    private Request get(String path, String token) {
        Request request = request("GET", path);
        return token == null ? request : request.withHeader("Authorization", "Bearer " + token);
    }

    private Request request(String method, String path) {
        return Request.of(method, baseUrl.resolve(path)).withTimeout(timeout).withHeader("Accept", "application/json");
    }

    private HttpAnswer send(Request request) throws IOException, InterruptedException {
        Response response = http.send(request);
        return new HttpAnswer(response.status(), response.bodyText());
    }
}
