package reflector.setup.verify;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import reflector.setup.http.HttpTransport;
import reflector.setup.http.Request;
import reflector.setup.http.Response;

/**
 * The frontend's NextAuth v4 endpoints, called as a browser's login calls them: the cookies each
 * answer sets are kept and sent back. NextAuth takes its own address from NEXTAUTH_URL, never from
 * the Host header, and its cookies name no domain, so the port published on 127.0.0.1 answers as
 * the public address would. The CSRF and session cookies go to {@code secrets} as they arrive:
 * the session cookie is a login.
 */
public final class NextAuthClient {

    private final URI baseUrl;
    private final HttpTransport http;
    private final Duration timeout;
    private final Consumer<String> secrets;
    /** Name to value as the server set it (still URI-encoded), in the order set. */
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public NextAuthClient(URI baseUrl, HttpTransport http, Duration timeout, Consumer<String> secrets) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.timeout = timeout;
        this.secrets = secrets;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public HttpAnswer providers() throws IOException, InterruptedException {
        return send(request("GET", "/api/auth/providers"));
    }

    public HttpAnswer csrf() throws IOException, InterruptedException {
        return send(request("GET", "/api/auth/csrf"));
    }

    /**
     * The credentials callback, with the form next-auth/react's signIn sends; json=true asks for
     * the redirect as {"url": ...} instead of a 302. The frontend makes one backend login of it.
     */
    public HttpAnswer signIn(String email, char[] password, String csrfToken) throws IOException, InterruptedException {
        return send(request("POST", "/api/auth/callback/credentials")
                .withHeader("Content-Type", "application/x-www-form-urlencoded")
                .withBody(formBody(email, password, csrfToken)));
    }

    public HttpAnswer session() throws IOException, InterruptedException {
        return send(request("GET", "/api/auth/session"));
    }

    /**
     * A cookie's value, URI-decoded, by its name without the __Secure- or __Host- prefix that
     * next-auth adds when NEXTAUTH_URL is https.
     */
    public Optional<String> cookie(String name) {
        return cookies.entrySet().stream()
                .filter(cookie ->
                        cookie.getKey().replaceFirst("^__(Secure|Host)-", "").equals(name))
                .map(cookie -> decoded(cookie.getValue()))
                .findFirst();
    }

    /** email, password, csrfToken and json=true, form-encoded. */
    static byte[] formBody(String email, char[] password, String csrfToken) {
        return ("email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(new String(password), StandardCharsets.UTF_8)
                        + "&csrfToken=" + URLEncoder.encode(csrfToken, StandardCharsets.UTF_8) + "&json=true")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private Request request(String method, String path) {
        Request request =
                Request.of(method, baseUrl.resolve(path)).withTimeout(timeout).withHeader("Accept", "application/json");
        if (cookies.isEmpty()) {
            return request;
        }
        return request.withHeader(
                "Cookie",
                cookies.entrySet().stream()
                        .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                        .collect(Collectors.joining("; ")));
    }

    private HttpAnswer send(Request request) throws IOException, InterruptedException {
        Response response = http.send(request);
        for (String setCookie : response.headers().getOrDefault("set-cookie", List.of())) {
            keep(setCookie);
        }
        return new HttpAnswer(response.status(), response.bodyText());
    }

    /** One Set-Cookie: kept, or dropped when it clears the cookie (an empty value, Max-Age=0). */
    private void keep(String setCookie) {
        String[] parts = setCookie.split(";");
        int equals = parts[0].indexOf('=');
        if (equals <= 0) {
            return;
        }
        String name = parts[0].substring(0, equals).strip();
        String value = parts[0].substring(equals + 1).strip();
        boolean cleared = value.isEmpty()
                || Arrays.stream(parts)
                        .skip(1)
                        .anyMatch(attribute ->
                                attribute.strip().toLowerCase(Locale.ROOT).equals("max-age=0"));
        if (cleared) {
            cookies.remove(name);
            return;
        }
        if (name.contains("token")) {
            // The CSRF and session tokens; not the callback URL, which is the site's public address.
            secrets.accept(value);
            secrets.accept(decoded(value));
        }
        cookies.put(name, value);
    }

    /** As a browser's JavaScript would read it: decodeURIComponent, or as it is when that fails. */
    private static String decoded(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return value;
        }
    }
}
