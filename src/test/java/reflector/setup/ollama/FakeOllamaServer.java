package reflector.setup.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reflector.setup.support.LocalHttpServer;

/**
 * A stand-in for Ollama's HTTP API (GET /api/tags, POST /api/pull), written to its documented interface
 * (Ollama's docs/api.md and source; contracts/ollama-api.yml, which OllamaContractTest holds it to), because Ollama cannot run in this
 * build environment. Pulls stream NDJSON one line at a time with a flush after each, as Ollama does; what a pull
 * streams is scripted per requested name, and a name nobody scripted fails the way an unknown model does.
 */
final class FakeOllamaServer implements AutoCloseable {
    private record PullScript(int httpStatus, List<String> lines, String installsAs) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    // Ollama's grammar, [host/][namespace/]model[:tag], enough for the fake to answer "invalid model name".
    private static final String NAME = "([A-Za-z0-9_][A-Za-z0-9_.:-]*/)?([A-Za-z0-9_][A-Za-z0-9_-]*/)?"
            + "[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?";

    private final LocalHttpServer server;
    private final List<String> installed = new CopyOnWriteArrayList<>();
    private final Map<String, PullScript> scripts = new ConcurrentHashMap<>();
    private final List<String> pullBodies = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch holdAfterFirstLine;

    FakeOllamaServer() throws IOException {
        server = new LocalHttpServer("/api/tags", this::tags);
        server.handle("/api/pull", this::pull);
    }

    URI baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- scripting (not part of Ollama's API) ----

    /** A model already present, listed as given (Ollama lists e.g. {@code mistral:latest}). */
    void install(String listedName) {
        installed.add(0, listedName);
    }

    /** Pulling {@code requested} succeeds with {@code layers} layers and then lists the model as {@code listedAs}. */
    void publish(String requested, String listedAs, int layers) {
        List<String> lines = new ArrayList<>(manifestAndLayers(requested, layers));
        lines.add(status("verifying sha256 digest"));
        lines.add(status("writing manifest"));
        lines.add(status("success"));
        scripts.put(requested, new PullScript(200, lines, listedAs));
    }

    /** Pulling {@code requested} streams some progress, then an {@code {"error"}} line (HTTP status stays 200). */
    void failMidStream(String requested, String error) {
        List<String> lines = new ArrayList<>(manifestAndLayers(requested, 1));
        lines.add(error(error));
        scripts.put(requested, new PullScript(200, lines, null));
    }

    /** Pulling {@code requested} streams some progress, then the connection ends without success. */
    void cutOff(String requested) {
        scripts.put(requested, new PullScript(200, manifestAndLayers(requested, 1), null));
    }

    /** Pulling {@code requested} fails before streaming, as Ollama 0.12.6+ does: an HTTP error with a JSON body. */
    void failBeforeStream(String requested, int httpStatus, String error) {
        scripts.put(requested, new PullScript(httpStatus, List.of(error(error)), null));
    }

    /** Holds every pull stream after its first line until {@code latch} opens; a client that waits for the whole
     * body before reading never opens it, and then the stream ends with an error line instead. */
    void holdAfterFirstLine(CountDownLatch latch) {
        holdAfterFirstLine = latch;
    }

    List<String> pullBodies() {
        return List.copyOf(pullBodies);
    }

    // ---- HTTP ----

    private void tags(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            reply(exchange, 405, "{\"error\":\"method not allowed\"}");
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode models = body.putArray("models");
        for (String name : installed) {
            ObjectNode model = models.addObject()
                    .put("name", name)
                    .put("model", name)
                    .put("modified_at", "2025-01-01T00:00:00Z")
                    .put("size", 4_113_301_824L)
                    .put("digest", sha256(name));
            model.putObject("details").put("format", "gguf").put("family", "llama");
        }
        reply(exchange, 200, body.toString());
    }

    private void pull(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        pullBodies.add(body);
        if (body.isBlank()) {
            reply(exchange, 400, error("missing request body"));
            return;
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            reply(exchange, 400, error("invalid request body"));
            return;
        }
        String model = request.path("model").asText(request.path("name").asText(""));
        if (!model.matches(NAME)) {
            reply(exchange, 400, error("invalid model name"));
            return;
        }
        PullScript script = scripts.getOrDefault(
                model,
                new PullScript(
                        200,
                        List.of(status("pulling manifest"), error("pull model manifest: file does not exist")),
                        null));
        if (script.httpStatus() != 200) {
            reply(exchange, script.httpStatus(), script.lines().get(0));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < script.lines().size(); i++) {
                out.write((script.lines().get(i) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (i == 0 && !released()) {
                    out.write((error("fake: the client did not read the first line while the stream was open") + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
        }
        if (script.installsAs() != null) {
            install(script.installsAs());
        }
    }

    private boolean released() {
        CountDownLatch latch = holdAfterFirstLine;
        try {
            return latch == null || latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        LocalHttpServer.reply(exchange, status, "application/json; charset=utf-8", json);
    }

    // ---- NDJSON lines as Ollama writes them: digest, total and completed are omitted when empty or 0 ----

    private static List<String> manifestAndLayers(String model, int layers) {
        List<String> lines = new ArrayList<>();
        lines.add(status("pulling manifest"));
        for (int layer = 0; layer < layers; layer++) {
            String digest = "sha256:" + sha256(model + "#" + layer);
            long total = 1_000_000L * (layer + 1);
            for (long completed : new long[] {0, total / 2, total}) {
                ObjectNode line = JSON.createObjectNode()
                        .put("status", "pulling " + digest.substring(7, 19))
                        .put("digest", digest)
                        .put("total", total);
                if (completed > 0) {
                    line.put("completed", completed);
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }

    private static String status(String status) {
        return JSON.createObjectNode().put("status", status).toString();
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
