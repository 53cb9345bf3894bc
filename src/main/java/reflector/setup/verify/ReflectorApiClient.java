package reflector.setup.verify;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import reflector.setup.http.HttpTransport;
import reflector.setup.http.Request;
import reflector.setup.http.Response;

/**
 * The backend endpoints that show whether login works: GET /v1/transcripts (protected unless
 * the instance is public), GET /v1/me, and whether POST /v1/auth/login exists. The login itself
 * goes through the frontend ({@link NextAuthClient}), as a browser's does.
 */
public final class ReflectorApiClient {
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
     * GET /v1/auth/login: whether the backend has the password login (405, the route takes only
     * POST) or not (404), without spending one of the 10 logins it allows in 5 minutes.
     */
    public HttpAnswer loginRoute() throws IOException, InterruptedException {
        return send(get("/v1/auth/login", null));
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
