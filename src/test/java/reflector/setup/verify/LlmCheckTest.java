package reflector.setup.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reflector.setup.http.HttpTransport;

/** One short completion through a stand-in of Ollama's OpenAI-compatible endpoint. */
class LlmCheckTest {
    FakeChatServer ollama;

    @BeforeEach
    void start() throws IOException {
        ollama = new FakeChatServer();
        ollama.install("qwen2.5:14b");
        ollama.install("mistral");
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    LlmCheck check() {
        return new LlmCheck(new ChatCompletionClient(
                ollama.baseUrl(), "not-needed", new HttpTransport(Duration.ofSeconds(5)), Duration.ofSeconds(10)));
    }

    String failure(String model) {
        return assertThrows(CheckFailed.class, () -> check().run(model)).getMessage();
    }

    @Test
    void theConfiguredModelAnswersAShortRequest() throws Exception {
        assertEquals("LLM: qwen2.5:14b answered", check().run("qwen2.5:14b"));
        JsonNode request = ollama.requests().get(0);
        assertEquals("qwen2.5:14b", request.get("model").asText());
        assertEquals(
                "Reply with OK.", request.get("messages").get(0).get("content").asText());
        assertEquals("user", request.get("messages").get(0).get("role").asText());
        assertEquals(8, request.get("max_tokens").asInt());
        assertEquals(false, request.get("stream").asBoolean(true));
    }

    @Test
    void namesAreComparedAsOllamaDoes() throws Exception {
        ollama.answerAs = "mistral:latest";
        assertEquals("LLM: mistral answered", check().run("mistral"));
    }

    @Test
    void aMissingModelShowsOllamasMessage() {
        assertEquals(
                "LLM: POST " + ollama.baseUrl() + "/chat/completions with model llama3.2 answered 404: "
                        + "model \"llama3.2\" not found, try pulling it first",
                failure("llama3.2"));
    }

    @Test
    void anAnswerFromAnotherModelFails() {
        ollama.answerAs = "llama3.2:latest";
        assertEquals(
                "LLM: asked for qwen2.5:14b but llama3.2:latest answered (POST " + ollama.baseUrl()
                        + "/chat/completions)",
                failure("qwen2.5:14b"));
    }

    @Test
    void anEmptyAnswerFails() {
        ollama.reply = "";
        assertEquals(
                "LLM: qwen2.5:14b answered POST " + ollama.baseUrl()
                        + "/chat/completions with no text in choices[0].message.content",
                failure("qwen2.5:14b"));
    }

    @Test
    void anEndpointThatDoesNotAnswerIsNamed() {
        ollama.close();
        assertTrue(failure("qwen2.5:14b")
                .startsWith("LLM: POST " + ollama.baseUrl() + "/chat/completions did not answer: "));
    }
}
