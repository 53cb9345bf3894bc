package reflector.setup.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import reflector.setup.envfile.EnvFile;
import reflector.setup.http.HttpTransport;
import reflector.setup.http.Request;
import reflector.setup.http.Response;
import reflector.setup.support.LocalHttpServer;
import reflector.setup.text.Sha256;

/**
 * A stand-in for the Reflector frontend's NextAuth v4 routes, as next-auth 4.24 answers them with
 * Reflector's authOptions (v0.35.0): providers, csrf (the double-submit cookie hashed with the
 * secret), the credentials callback (which logs in at the backend and asks /v1/me for the user id,
 * as authorize() and the jwt callback do; with json=true the redirect comes as {"url"}) and the
 * session. The session cookie is HMAC-signed with the secret, not next-auth's JWE. Cookies are
 * plain (NEXTAUTH_URL http) or __Secure-/__Host- prefixed (https), as next-auth names them.
 */
public final class FakeNextAuthFrontend implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalHttpServer server;
    private final URI backend;
    private final HttpTransport http = new HttpTransport(Duration.ofSeconds(5));
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /** What the frontend runs with; tests change these before the check. */
    public volatile boolean requireLogin = true;

    public volatile String authProvider = "credentials";
    public volatile String secret = "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5";
    public volatile String nextAuthUrl = "https://192.0.2.10";
    /** When false, the callback finds no CSRF cookie (a cookie that did not come back). */
    public volatile boolean keepsCsrfCookie = true;
    /** When false, the jwt callback's /v1/me fails and the session's user id stays "pending". */
    public volatile boolean asksForUserId = true;
    /**
     * When set, each request first takes the four settings above from this www/.env, as a web
     * container started after the run wrote it would.
     */
    public volatile Path wwwEnv;

    public FakeNextAuthFrontend(URI backend) throws IOException {
        this.backend = backend;
        server = new LocalHttpServer("/", this::handle);
    }

    public URI baseUrl() {
        return server.baseUrl();
    }

    public int port() {
        return server.port();
    }

    /** Method and path of each request, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.close();
    }

    private boolean secure() {
        return nextAuthUrl.startsWith("https://");
    }

    private String cookieName(String name) {
        return (secure() ? (name.equals("csrf-token") ? "__Host-" : "__Secure-") : "") + "next-auth." + name;
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (wwwEnv != null) {
            EnvFile env = EnvFile.parse(Files.readString(wwwEnv));
            requireLogin = env.get("FEATURE_REQUIRE_LOGIN").map("true"::equals).orElse(true);
            authProvider = env.get("AUTH_PROVIDER").orElse("");
            secret = env.get("NEXTAUTH_SECRET").orElse("");
            nextAuthUrl = env.get("NEXTAUTH_URL").orElse("http://localhost:3000");
        }
        String line =
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        requests.add(line);
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> cookies = cookies(exchange.getRequestHeaders().getFirst("Cookie"));
        String base = nextAuthUrl + "/api/auth";
        switch (line) {
            case "GET /api/auth/providers" -> {
                ObjectNode providers = JSON.createObjectNode();
                if (requireLogin) {
                    boolean credentials = "credentials".equals(authProvider);
                    String id = credentials ? "credentials" : "authentik";
                    providers
                            .putObject(id)
                            .put("id", id)
                            .put("name", credentials ? "Password" : "Authentik")
                            .put("type", credentials ? "credentials" : "oauth")
                            .put("signinUrl", base + "/signin/" + id)
                            .put("callbackUrl", base + "/callback/" + id);
                }
                reply(exchange, 200, providers);
            }
            case "GET /api/auth/csrf" -> {
                String token =
                        HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
                setCookie(exchange, cookieName("csrf-token"), token + "|" + Sha256.hex(token + secret));
                reply(exchange, 200, JSON.createObjectNode().put("csrfToken", token));
            }
            case "POST /api/auth/callback/credentials" -> callback(
                    exchange, form, keepsCsrfCookie ? cookies.get(cookieName("csrf-token")) : null, base);
            case "GET /api/auth/session" -> session(exchange, cookies.get(cookieName("session-token")));
            default -> reply(exchange, 404, JSON.createObjectNode());
        }
    }

    private void callback(HttpExchange exchange, Map<String, String> form, String csrfCookie, String base)
            throws IOException {
        if (!requireLogin || !"credentials".equals(authProvider)) {
            reply(exchange, 400, "Error: This action with HTTP POST is not supported by NextAuth.js");
            return;
        }
        String token = form.getOrDefault("csrfToken", "");
        if (csrfCookie == null || !csrfCookie.equals(token + "|" + Sha256.hex(token + secret))) {
            reply(exchange, 200, JSON.createObjectNode().put("url", base + "/signin?csrf=true"));
            return;
        }
        ObjectNode login =
                JSON.createObjectNode().put("email", form.get("email")).put("password", form.get("password"));
        Response answer = backend("POST", "/v1/auth/login", login.toString(), null);
        if (answer.status() != 200) {
            reply(
                    exchange,
                    401,
                    JSON.createObjectNode().put("url", base + "/error?error=CredentialsSignin&provider=credentials"));
            return;
        }
        String accessToken =
                JSON.readTree(answer.bodyText()).path("access_token").asText();
        String sub = "pending";
        if (asksForUserId) {
            sub = JSON.readTree(backend("GET", "/v1/me", null, accessToken).bodyText())
                    .path("sub")
                    .asText("pending");
        }
        ObjectNode claims = JSON.createObjectNode()
                .put("sub", sub)
                .put("email", form.get("email"))
                .put("accessToken", accessToken);
        setCookie(exchange, cookieName("session-token"), sign(claims.toString()));
        reply(exchange, 200, JSON.createObjectNode().put("url", nextAuthUrl));
    }

    private void session(HttpExchange exchange, String cookie) throws IOException {
        JsonNode claims = cookie == null ? null : verified(cookie);
        if (claims == null) {
            reply(exchange, 200, JSON.createObjectNode());
            return;
        }
        ObjectNode session = JSON.createObjectNode();
        session.putObject("user")
                .put("id", claims.path("sub").asText())
                .put("email", claims.path("email").asText());
        session.put("expires", "2099-01-01T00:00:00.000Z")
                .put("accessToken", claims.path("accessToken").asText());
        reply(exchange, 200, session);
    }

    private Response backend(String method, String path, String json, String token) throws IOException {
        Request request = Request.of(method, backend.resolve(path));
        if (json != null) {
            request = request.withHeader("Content-Type", "application/json")
                    .withBody(json.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return http.send(token == null ? request : request.withHeader("Authorization", "Bearer " + token));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private String sign(String payload) {
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + mac(body);
    }

    private JsonNode verified(String cookie) throws IOException {
        int dot = cookie.lastIndexOf('.');
        if (dot < 0 || !mac(cookie.substring(0, dot)).equals(cookie.substring(dot + 1))) {
            return null;
        }
        return JSON.readTree(Base64.getUrlDecoder().decode(cookie.substring(0, dot)));
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void setCookie(HttpExchange exchange, String name, String value) {
        exchange.getResponseHeaders()
                .add(
                        "Set-Cookie",
                        name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8) + "; Path=/; HttpOnly"
                                + (secure() ? "; Secure" : "") + "; SameSite=Lax");
    }

    private static Map<String, String> cookies(String header) {
        Map<String, String> cookies = new HashMap<>();
        if (header != null) {
            for (String pair : header.split(";")) {
                String[] parts = pair.strip().split("=", 2);
                if (parts.length == 2) {
                    cookies.putIfAbsent(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
                }
            }
        }
        return cookies;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2) {
                form.put(
                        URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        LocalHttpServer.reply(
                exchange, status, body instanceof String ? "text/plain" : "application/json", body.toString());
    }
}
