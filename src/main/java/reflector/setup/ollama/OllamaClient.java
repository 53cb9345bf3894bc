package reflector.setup.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reflector.setup.http.HttpTransport;
import reflector.setup.http.Request;
import reflector.setup.http.Response;
import reflector.setup.http.StreamedResponse;

/** Client for Ollama's HTTP API: list models and pull one with streamed progress. */
public final class OllamaClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpTransport http;

    public OllamaClient(URI baseUrl, HttpTransport http) {
        String url = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.http = Objects.requireNonNull(http, "http");
    }

    /** Model names as GET /api/tags lists them, e.g. {@code mistral:latest}. */
    public List<String> modelNames() throws IOException, InterruptedException {
        Response response =
                http.send(Request.get(URI.create(baseUrl + "/api/tags")).withTimeout(LIST_TIMEOUT));
        if (response.status() != 200) {
            throw new IOException(
                    "Ollama GET /api/tags answered " + response.status() + ": " + errorText(response.bodyText()));
        }
        List<String> names = new ArrayList<>();
        JSON.readTree(response.bodyText())
                .path("models")
                .forEach(m -> names.add(m.path("name").asText()));
        return names;
    }

    /** Whether {@code model} is already present; compares normalised names, as Ollama lists {@code mistral:latest}. */
    public boolean hasModel(String model) throws IOException, InterruptedException {
        return modelNames().stream().anyMatch(listed -> ModelName.sameModel(listed, model));
    }

    /**
     * Pulls {@code model}, reporting each progress line as it arrives. Returns only after Ollama's
     * {@code success} line; an error line, an error status or a stream that stops early throws.
     */
    public void pull(String model, PullListener listener) throws IOException, InterruptedException {
        // No timeout: a large model takes as long as it takes, and the stream says how far it got.
        Request request = Request.of("POST", URI.create(baseUrl + "/api/pull"))
                .withHeader("Content-Type", "application/json")
                .withBody(JSON.writeValueAsBytes(Map.of("model", model)));
        try (StreamedResponse response = http.stream(request)) {
            if (response.status() != 200) {
                throw new OllamaPullException(
                        model,
                        "HTTP " + response.status() + ": "
                                + errorText(new String(response.body().readAllBytes(), StandardCharsets.UTF_8)));
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode json = JSON.readTree(line);
                if (json.hasNonNull("error")) {
                    throw new OllamaPullException(model, json.get("error").asText());
                }
                PullProgress progress = new PullProgress(
                        json.path("status").asText(""),
                        json.hasNonNull("digest") ? json.get("digest").asText() : null,
                        json.path("total").asLong(0),
                        json.path("completed").asLong(0));
                listener.onProgress(progress);
                if (progress.isSuccess()) {
                    return;
                }
            }
        }
        throw new OllamaPullException(model, "the progress stream ended without success");
    }

    /** Ollama's {@code {"error":"..."}} text, or the raw body when it is not that. */
    private static String errorText(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.hasNonNull("error")) {
                return json.get("error").asText();
            }
        } catch (IOException notJson) {
            // fall through to the raw body
        }
        return body == null || body.isBlank() ? "(empty body)" : body.strip();
    }

    @Override
    public String toString() {
        return "OllamaClient[" + baseUrl + "]";
    }
}
