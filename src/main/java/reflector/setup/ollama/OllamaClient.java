package reflector.setup.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Client for Ollama's HTTP API: list models and pull one with streamed progress. */
public final class OllamaClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpClient http;

    public OllamaClient(URI baseUrl, HttpClient http) {
        String url = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.http = Objects.requireNonNull(http, "http");
    }

    /** Model names as GET /api/tags lists them, e.g. {@code mistral:latest}. */
    public List<String> modelNames() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(tagsRequest(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Ollama GET /api/tags answered " + response.statusCode() + ": "
                    + errorText(response.body()));
        }
        List<String> names = new ArrayList<>();
        JSON.readTree(response.body()).path("models").forEach(m -> names.add(m.path("name").asText()));
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
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/pull"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("model", model))))
                .build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw new OllamaPullException(model, "HTTP " + response.statusCode() + ": "
                        + errorText(lines.collect(Collectors.joining("\n"))));
            }
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isBlank()) {
                    continue;
                }
                JsonNode json = JSON.readTree(line);
                if (json.hasNonNull("error")) {
                    throw new OllamaPullException(model, json.get("error").asText());
                }
                PullProgress progress = new PullProgress(json.path("status").asText(""),
                        json.hasNonNull("digest") ? json.get("digest").asText() : null,
                        json.path("total").asLong(0), json.path("completed").asLong(0));
                listener.onProgress(progress);
                if (progress.isSuccess()) {
                    return;
                }
            }
        } catch (UncheckedIOException e) {
            // ofLines() reports a connection lost mid-stream unchecked
            throw e.getCause();
        }
        throw new OllamaPullException(model, "the progress stream ended without success");
    }

    private HttpRequest tagsRequest() {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/api/tags")).timeout(LIST_TIMEOUT).GET().build();
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
