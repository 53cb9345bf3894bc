package reflector.setup.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reflector.setup.http.HttpTransport;
import reflector.setup.http.Request;
import reflector.setup.http.Response;

/** POST {base}/chat/completions of an OpenAI-compatible API (Ollama's /v1), not streamed. */
public final class ChatCompletionClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String apiKey;
    private final HttpTransport http;
    private final Duration timeout;

    /** {@code baseUrl} as LLM_URL names it, e.g. {@code http://127.0.0.1:11435/v1}; an empty key sends none. */
    public ChatCompletionClient(URI baseUrl, String apiKey, HttpTransport http, Duration timeout) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.http = http;
        this.timeout = timeout;
    }

    public URI endpoint() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
    }

    public HttpAnswer complete(String model, String prompt, int maxTokens) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        body.put("max_tokens", maxTokens).put("stream", false);
        Request request = Request.of("POST", endpoint())
                .withTimeout(timeout)
                .withHeader("Content-Type", "application/json")
                .withBody(body.toString().getBytes(StandardCharsets.UTF_8));
        if (!apiKey.isEmpty()) {
            request = request.withHeader("Authorization", "Bearer " + apiKey);
        }
        Response response = http.send(request);
        return new HttpAnswer(response.status(), response.bodyText());
    }
}
