package reflector.setup.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import reflector.setup.ollama.ModelName;

/**
 * Proves that the LLM the backend uses answers: one short completion through the same
 * OpenAI-compatible endpoint, answered by the configured model.
 */
public final class LlmCheck {
    static final String PROMPT = "Reply with OK.";
    static final int MAX_TOKENS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SHOWN = 300;

    private final ChatCompletionClient chat;

    public LlmCheck(ChatCompletionClient chat) {
        this.chat = chat;
    }

    public String run(String model) throws CheckFailed, InterruptedException {
        return run(model, true);
    }

    /**
     * {@code sameModel}: whether the answer must name the model asked for, as Ollama's does. An
     * external API may answer with a more exact name ({@code gpt-4o-mini} answered as
     * {@code gpt-4o-mini-2024-07-18}): without it, the name that answered is only reported.
     */
    public String run(String model, boolean sameModel) throws CheckFailed, InterruptedException {
        String where = "POST " + chat.endpoint();
        HttpAnswer answer;
        try {
            answer = chat.complete(model, PROMPT, MAX_TOKENS);
        } catch (IOException e) {
            throw new CheckFailed("LLM: " + where + " did not answer: " + CheckFailed.reason(e), e);
        }
        JsonNode json = parse(answer.body());
        if (answer.status() != 200) {
            // Ollama's OpenAI-compatible errors: {"error": {"message": ...}}, e.g. model "x" not found.
            JsonNode message = json.path("error").path("message");
            String why = message.isTextual() ? message.asText() : shorten(answer.body());
            throw new CheckFailed("LLM: " + where + " with model " + model + " answered " + answer.status()
                    + (why.isBlank() ? "" : ": " + why));
        }
        String answeredBy = json.path("model").asText("");
        boolean same = ModelName.sameModel(answeredBy, model);
        if (sameModel && !same) {
            throw new CheckFailed("LLM: asked for " + model + " but " + (answeredBy.isEmpty() ? "no model" : answeredBy)
                    + " answered (" + where + ")");
        }
        JsonNode message = json.path("choices").path(0).path("message");
        // A reasoning model may spend 8 tokens thinking: its reasoning counts as an answer too.
        if (message.path("content").asText("").isBlank()
                && message.path("reasoning").asText("").isBlank()) {
            throw new CheckFailed(
                    "LLM: " + model + " answered " + where + " with no text in choices[0].message.content");
        }
        return "LLM: " + model + " answered" + (same || answeredBy.isEmpty() ? "" : " (as " + answeredBy + ")")
                + (sameModel ? "" : " at " + chat.endpoint());
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (IOException notJson) {
            return JSON.missingNode();
        }
    }

    private static String shorten(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
    }
}
