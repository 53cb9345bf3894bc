package reflector.setup.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import reflector.setup.support.LocalHttpServer;

/**
 * A stand-in for the Reflector backend's login API, written to its documented answers
 * (upstream's server/reflector/auth/ at the deployed commit): POST /v1/auth/login (200 with
 * a token, 401 "Invalid email or password", 429 after 10 attempts), GET /v1/me and GET
 * /v1/transcripts (401 "Not authenticated" without a token unless public). Only the password
 * backend has the login route (a GET on it: 405); without it FastAPI answers 404 {"detail":"Not Found"}.
 */
public final class FakeReflectorBackend implements AutoCloseable {
    static final int LOGIN_LIMIT = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalHttpServer server;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger loginAttempts = new AtomicInteger();

    /** What the backend runs with; tests change these before the check. */
    public volatile boolean publicMode;

    public volatile boolean passwordLogin = true;
    public volatile String adminEmail = "admin@localhost";
    public volatile String adminPassword = "correct horse battery";
    /** When false, the API refuses even the tokens it gave (a broken token check). */
    public volatile boolean acceptsTokens = true;
    /** When set, GET /v1/me names this user for any valid token (empty: answers null). */
    public volatile String meAnswers;

    public FakeReflectorBackend() throws IOException {
        server = new LocalHttpServer("/", this::handle);
    }

    public int port() {
        return server.port();
    }

    public URI baseUrl() {
        return server.baseUrl();
    }

    /** Method and path of each request, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public int loginAttempts() {
        return loginAttempts.get();
    }

    /** As if earlier runs had used up the backend's login attempts. */
    public void exhaustLoginAttempts() {
        loginAttempts.set(LOGIN_LIMIT);
    }

    public Set<String> issuedTokens() {
        return Set.copyOf(tokens);
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String line =
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        requests.add(line);
        byte[] body = exchange.getRequestBody().readAllBytes();
        switch (line) {
            case "POST /v1/auth/login" -> login(exchange, body);
                // FastAPI: a route that takes only POST answers a GET with 405; an unmounted one with 404.
            case "GET /v1/auth/login" -> reply(
                    exchange,
                    passwordLogin ? 405 : 404,
                    passwordLogin ? "{\"detail\":\"Method Not Allowed\"}" : "{\"detail\":\"Not Found\"}");
            case "GET /v1/transcripts" -> {
                if (publicMode || authenticated(exchange) != null) {
                    reply(exchange, 200, "{\"items\":[],\"total\":0,\"page\":1,\"size\":50,\"pages\":0}");
                } else {
                    reply(exchange, 401, "{\"detail\":\"Not authenticated\"}");
                }
            }
            case "GET /v1/me" -> {
                String email = meAnswers != null ? meAnswers : adminEmail;
                reply(
                        exchange,
                        200,
                        authenticated(exchange) == null || email.isEmpty()
                                ? "null"
                                : JSON.createObjectNode()
                                        .put("sub", "user-id")
                                        .put("email", email)
                                        .toString());
            }
            default -> reply(exchange, 404, "{\"detail\":\"Not Found\"}");
        }
    }

    private void login(HttpExchange exchange, byte[] body) throws IOException {
        if (!passwordLogin) {
            reply(exchange, 404, "{\"detail\":\"Not Found\"}");
            return;
        }
        if (loginAttempts.incrementAndGet() > LOGIN_LIMIT) {
            reply(exchange, 429, "{\"detail\":\"Too many login attempts. Try again later.\"}");
            return;
        }
        JsonNode request = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        if (!exchange.getRequestHeaders().getFirst("Content-Type").startsWith("application/json")
                || !request.path("email").isTextual()
                || !request.path("password").isTextual()) {
            // FastAPI's validation error quotes the input, the password included.
            reply(exchange, 422, "{\"detail\":[{\"type\":\"missing\",\"input\":" + request + "}]}");
            return;
        }
        if (!request.get("email").asText().equals(adminEmail)
                || !request.get("password").asText().equals(adminPassword)) {
            reply(exchange, 401, "{\"detail\":\"Invalid email or password\"}");
            return;
        }
        byte[] random = new byte[24];
        ThreadLocalRandom.current().nextBytes(random);
        String token = "eyJhbGciOiJIUzI1NiJ9." + HexFormat.of().formatHex(random);
        tokens.add(token);
        reply(
                exchange,
                200,
                JSON.createObjectNode()
                        .put("access_token", token)
                        .put("token_type", "bearer")
                        .put("expires_in", 86400)
                        .toString());
    }

    private String authenticated(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ") || !acceptsTokens) {
            return null;
        }
        String token = header.substring("Bearer ".length());
        return tokens.contains(token) ? token : null;
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        LocalHttpServer.reply(exchange, status, "application/json", json);
    }
}
