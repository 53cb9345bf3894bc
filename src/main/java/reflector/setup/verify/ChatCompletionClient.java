package reflector.setup.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POST {base}/chat/completions of an OpenAI-compatible API (Ollama's /v1), not streamed. */
public final class ChatCompletionClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String apiKey;
    private final HttpClient http;
    private final Duration timeout;

    /** {@code baseUrl} as LLM_URL names it, e.g. {@code http://127.0.0.1:11435/v1}; an empty key sends none. */
    public ChatCompletionClient(URI baseUrl, String apiKey, HttpClient http, Duration timeout) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.http = http;
        this.timeout = timeout;
    }

    public URI endpoint() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
    }

    public HttpAnswer complete(String model, String prompt, int maxTokens)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        body.put("max_tokens", maxTokens).put("stream", false);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint()).version(HttpClient.Version.HTTP_1_1)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (!apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new HttpAnswer(response.statusCode(), response.body());
    }
}
