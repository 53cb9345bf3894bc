package reflector.setup.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reflector.setup.http.HttpTransport;
import reflector.setup.support.OpenApiContract;
import reflector.setup.support.PythonStandIn;
import reflector.setup.support.RecordingProxy;
import reflector.setup.verify.ChatCompletionClient;
import reflector.setup.verify.FakeChatServer;

/**
 * Holds the installer's Ollama clients, the Java fakes ({@link FakeOllamaServer} for the native
 * API, {@link FakeChatServer} for the OpenAI-compatible chat) and testenv's Python stand-in
 * (ollama/ollama.py, the one the end-to-end tests deploy) to one contract: contracts/ollama-api.yml.
 * The same calls run against each server through a proxy that records every exchange: a listing, a
 * pull that succeeds, one of a model that does not exist, and a chat completion.
 */
class OllamaContractTest {
    static final String MODEL = "qwen2.5:0.5b";
    static final String MISSING = "doesnotexist:1b";
    static final OpenApiContract CONTRACT = OpenApiContract.load("/contracts/ollama-api.yml", "");
    static final HttpTransport HTTP = new HttpTransport(Duration.ofSeconds(5));

    enum Server {
        JAVA_FAKE,
        PYTHON_STAND_IN
    }

    private static final Map<Server, List<RecordingProxy.Exchange>> EXCHANGES = new EnumMap<>(Server.class);

    @TempDir
    static Path models;

    @BeforeAll
    static void runTheInstallersCallsOnBothServers() throws Exception {
        try (FakeOllamaServer ollama = new FakeOllamaServer();
                FakeChatServer chat = new FakeChatServer()) {
            ollama.publish(MODEL, MODEL, 2);
            chat.install(MODEL);
            EXCHANGES.put(
                    Server.JAVA_FAKE,
                    calls(ollama.baseUrl(), URI.create(chat.baseUrl().toString().replaceFirst("/v1$", ""))));
        }
        if (PythonStandIn.pythonAvailable()) {
            try (PythonStandIn ollama = PythonStandIn.module(
                    "ollama/ollama.py",
                    "m.DualStackServer(('127.0.0.1', 0), m.Handler)",
                    "{}",
                    Map.of("OLLAMA_MODELS", models.toString(), "OLLAMA_STANDIN_PULL_DELAY", "0"))) {
                URI base = URI.create("http://127.0.0.1:" + ollama.port);
                EXCHANGES.put(Server.PYTHON_STAND_IN, calls(base, base));
            }
        }
    }

    @AfterAll
    static void forget() {
        EXCHANGES.clear();
    }

    private static List<RecordingProxy.Exchange> calls(URI nativeApi, URI openAiApi) throws Exception {
        List<RecordingProxy.Exchange> exchanges = new ArrayList<>();
        try (RecordingProxy proxy = new RecordingProxy(nativeApi)) {
            OllamaClient client = new OllamaClient(proxy.baseUrl(), HTTP);
            assertEquals(false, client.hasModel(MODEL));
            client.pull(MODEL, progress -> {});
            assertTrue(client.hasModel(MODEL));
            assertThrows(OllamaPullException.class, () -> client.pull(MISSING, progress -> {}));
            exchanges.addAll(proxy.exchanges());
        }
        try (RecordingProxy proxy = new RecordingProxy(openAiApi)) {
            ChatCompletionClient chat = new ChatCompletionClient(
                    URI.create(proxy.baseUrl() + "/v1"), "not-needed", HTTP, Duration.ofSeconds(30));
            assertEquals(200, chat.complete(MODEL, "Say OK.", 8).status());
            exchanges.addAll(proxy.exchanges());
        }
        return exchanges;
    }

    private static List<RecordingProxy.Exchange> exchanges(Server server) {
        assumeTrue(EXCHANGES.containsKey(server), "python3 (3.11+) and testenv/ are needed for the stand-in");
        return EXCHANGES.get(server);
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void everyClientCallWasExercised(Server server) {
        Set<String> sent = new TreeSet<>();
        exchanges(server).forEach(e -> sent.add(e.line()));
        assertEquals(new TreeSet<>(Set.of("GET /api/tags", "POST /api/pull", "POST /v1/chat/completions")), sent);
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void requestsMatchTheDocument(Server server) {
        List<String> problems = CONTRACT.checkRequests(exchanges(server));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void answersMatchTheDocument(Server server) {
        List<String> problems = CONTRACT.checkAnswers(exchanges(server), Map.of());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The stand-in against the fake (each against itself would prove nothing). */
    @Test
    void bothServersAnswerTheSameCallsTheSameWay() {
        List<String> standIn = exchanges(Server.PYTHON_STAND_IN).stream()
                .map(e -> e.line() + " " + e.status())
                .toList();
        List<String> javaFake = exchanges(Server.JAVA_FAKE).stream()
                .map(e -> e.line() + " " + e.status())
                .toList();
        assertEquals(javaFake, standIn, "the same calls, the same requests and status codes");
    }
}
