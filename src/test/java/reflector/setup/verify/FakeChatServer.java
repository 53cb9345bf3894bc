package reflector.setup.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reflector.setup.ollama.ModelName;
import reflector.setup.support.LocalHttpServer;

/**
 * A stand-in for Ollama's OpenAI-compatible POST /v1/chat/completions (non-streaming): the
 * answer names the model as asked, and an unknown model gets Ollama's 404
 * {"error":{"message":"model \"x\" not found, try pulling it first","type":"api_error",...}}.
 */
public final class FakeChatServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalHttpServer server;
    private final Set<String> models = ConcurrentHashMap.newKeySet();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    /** The Authorization header of each request ("" without one). */
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** When set, every answer names this model instead (a proxy that routes elsewhere). */
    public volatile String answerAs;
    /** The reply text; empty gives a completion without content. */
    public volatile String reply = "OK";

    public FakeChatServer() throws IOException {
        server = new LocalHttpServer("/v1/chat/completions", this::complete);
    }

    public int port() {
        return server.port();
    }

    public URI baseUrl() {
        return server.baseUrl().resolve("/v1");
    }

    /** A model present in Ollama, by any of its names (qwen2.5:14b, mistral = mistral:latest). */
    public void install(String model) {
        models.add(ModelName.normalize(model));
    }

    public void remove(String model) {
        models.remove(ModelName.normalize(model));
    }

    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.close();
    }

    private void complete(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        requests.add(request);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization == null ? "" : authorization);
        if (!exchange.getRequestMethod().equals("POST")) {
            reply(exchange, 405, "{\"error\":{\"message\":\"method not allowed\",\"type\":\"invalid_request_error\"}}");
            return;
        }
        String model = request.path("model").asText("");
        if (!ModelName.isValid(model) || !models.contains(ModelName.normalize(model))) {
            ObjectNode error = JSON.createObjectNode();
            error.putObject("error")
                    .put("message", "model \"" + model + "\" not found, try pulling it first")
                    .put("type", "api_error")
                    .putNull("param")
                    .putNull("code");
            reply(exchange, 404, error.toString());
            return;
        }
        ObjectNode answer = JSON.createObjectNode()
                .put("id", "chatcmpl-1")
                .put("object", "chat.completion")
                .put("created", 1_700_000_000L)
                .put("model", answerAs != null ? answerAs : model)
                .put("system_fingerprint", "fp_ollama");
        answer.putArray("choices")
                .addObject()
                .put("index", 0)
                .put("finish_reason", "stop")
                .putObject("message")
                .put("role", "assistant")
                .put("content", reply);
        answer.putObject("usage")
                .put("prompt_tokens", 12)
                .put("completion_tokens", 2)
                .put("total_tokens", 14);
        reply(exchange, 200, answer.toString());
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        LocalHttpServer.reply(exchange, status, "application/json", json);
    }
}
