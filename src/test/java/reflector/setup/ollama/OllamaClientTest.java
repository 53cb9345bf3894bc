package reflector.setup.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reflector.setup.http.HttpTransport;

class OllamaClientTest {
    private FakeOllamaServer ollama;
    private OllamaClient client;
    private final List<PullProgress> seen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        ollama = new FakeOllamaServer();
        client = new OllamaClient(ollama.baseUrl(), new HttpTransport(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    private List<String> statuses() {
        return seen.stream().map(PullProgress::status).toList();
    }

    @Test
    void listsModelNamesAsOllamaShowsThem() throws Exception {
        ollama.install("mistral:latest");
        ollama.install("qwen2.5:14b");

        assertEquals(List.of("qwen2.5:14b", "mistral:latest"), client.modelNames());
    }

    @Test
    void nothingListeningFailsTheListing() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = socket.getLocalPort();
        }

        OllamaClient nowhere = new OllamaClient(
                URI.create("http://127.0.0.1:" + closedPort), new HttpTransport(Duration.ofSeconds(5)));
        assertThrows(IOException.class, nowhere::modelNames);
    }

    @Test
    void progressLinesArriveInOrderAndOnlySuccessEndsThePull() throws Exception {
        ollama.publish("mistral", "mistral:latest", 2);

        client.pull("mistral", seen::add);

        String layer1 = "pulling " + FakeOllamaServer.sha256("mistral#0").substring(0, 12);
        String layer2 = "pulling " + FakeOllamaServer.sha256("mistral#1").substring(0, 12);
        assertEquals(
                List.of(
                        "pulling manifest",
                        layer1,
                        layer1,
                        layer1,
                        layer2,
                        layer2,
                        layer2,
                        "verifying sha256 digest",
                        "writing manifest",
                        "success"),
                statuses());
        assertEquals(List.of("{\"model\":\"mistral\"}"), ollama.pullBodies());

        PullProgress manifest = seen.get(0);
        assertNull(manifest.digest());
        assertEquals(0, manifest.total());
        PullProgress started = seen.get(1);
        assertEquals("sha256:" + FakeOllamaServer.sha256("mistral#0"), started.digest());
        assertEquals(1_000_000, started.total());
        assertEquals(0, started.completed(), "Ollama omits completed while it is 0");
        PullProgress halfway = seen.get(5);
        assertEquals(2_000_000, halfway.total());
        assertEquals(1_000_000, halfway.completed());
        assertTrue(seen.get(seen.size() - 1).isSuccess());
    }

    @Test
    void progressIsReportedWhileTheStreamIsStillOpen() throws Exception {
        CountDownLatch firstLineSeen = new CountDownLatch(1);
        ollama.holdAfterFirstLine(firstLineSeen);
        ollama.publish("mistral", "mistral:latest", 1);

        client.pull("mistral", progress -> {
            seen.add(progress);
            firstLineSeen.countDown();
        });

        assertEquals("success", statuses().get(statuses().size() - 1));
    }

    @Test
    void errorLineFailsWithOllamasMessage() {
        ollama.failMidStream("mistral", "max retries exceeded: unexpected EOF");

        OllamaPullException e = assertThrows(OllamaPullException.class, () -> client.pull("mistral", seen::add));

        assertTrue(e.getMessage().contains("max retries exceeded: unexpected EOF"), e.getMessage());
        assertTrue(e.getMessage().startsWith("Ollama could not pull mistral: "), e.getMessage());
        assertEquals("pulling manifest", statuses().get(0));
        assertFalse(statuses().contains("success"));
    }

    @Test
    void streamEndingWithoutSuccessFails() {
        ollama.cutOff("mistral");

        OllamaPullException e = assertThrows(OllamaPullException.class, () -> client.pull("mistral", seen::add));

        assertTrue(e.getMessage().contains("ended without success"), e.getMessage());
        assertEquals(4, seen.size(), "the progress before the cut was still reported");
    }

    @Test
    void unknownModelFailsAfterPullingManifest() {
        OllamaPullException e = assertThrows(OllamaPullException.class, () -> client.pull("no-such-model", seen::add));

        assertEquals(List.of("pulling manifest"), statuses());
        assertTrue(e.getMessage().contains("pull model manifest: file does not exist"), e.getMessage());
    }

    @Test
    void errorStatusWithJsonBodyFailsWithOllamasMessage() {
        ollama.failBeforeStream("mistral", 500, "pull model manifest: connection refused");

        OllamaPullException e = assertThrows(OllamaPullException.class, () -> client.pull("mistral", seen::add));

        assertTrue(e.getMessage().contains("pull model manifest: connection refused"), e.getMessage());
        assertTrue(e.getMessage().contains("500"), e.getMessage());
        assertTrue(seen.isEmpty());
    }

    @Test
    void invalidNameIsRefusedByOllama() {
        OllamaPullException e = assertThrows(OllamaPullException.class, () -> client.pull("bad name!", seen::add));

        assertTrue(e.getMessage().contains("invalid model name"), e.getMessage());
    }

    @Test
    void pulledModelCountsAsPresentUnderAnyEquivalentName() throws Exception {
        ollama.publish("mistral", "mistral:latest", 1);
        assertFalse(client.hasModel("mistral"));

        client.pull("mistral", seen::add);

        assertEquals(List.of("mistral:latest"), client.modelNames());
        assertTrue(client.hasModel("mistral"), "the list shows mistral:latest, which is what mistral means");
        assertTrue(client.hasModel("library/mistral"));
        assertTrue(client.hasModel("registry.ollama.ai/library/mistral:latest"));
        assertTrue(client.hasModel("Mistral"), "Ollama compares names ignoring case");
        assertFalse(client.hasModel("mistral:7b"));
        assertFalse(client.hasModel("someone/mistral"));
    }

    @Test
    void taggedAndNamespacedModelsAreRecognised() throws Exception {
        ollama.install("qwen2.5:14b");
        ollama.install("myns/model:tag");

        assertTrue(client.hasModel("registry.ollama.ai/library/qwen2.5:14b"));
        assertFalse(client.hasModel("qwen2.5"), "qwen2.5 means qwen2.5:latest, which is not installed");
        assertTrue(client.hasModel("myns/model:tag"));
        assertFalse(client.hasModel("myns/model"));
    }
}
