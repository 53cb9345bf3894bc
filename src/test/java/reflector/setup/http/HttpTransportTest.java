package reflector.setup.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport against an in-process server on 127.0.0.1: what goes out, what comes back, and when it gives up. */
class HttpTransportTest {
    private static final Duration CONNECT = Duration.ofSeconds(2);

    private final HttpTransport http = new HttpTransport(CONNECT);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> releases = new ConcurrentHashMap<>();
    private HttpServer server;

    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(
                    name.substring(0, 1).toUpperCase() + name.substring(1).toLowerCase());
            return values == null ? null : values.get(0);
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        releases.values().forEach(CountDownLatch::countDown);
        server.stop(0);
    }

    /** /status/N answers N with a body naming it; /redirect answers 302 to /target; /slow waits for its release. */
    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()),
                exchange.getRequestBody().readAllBytes()));
        if (path.startsWith("/status/")) {
            int status = Integer.parseInt(path.substring("/status/".length()));
            reply(exchange, status, "{\"status\":" + status + "}");
        } else if (path.equals("/empty-error")) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        } else if (path.equals("/redirect")) {
            exchange.getResponseHeaders().set("Location", "/target");
            reply(exchange, 302, "moved");
        } else if (path.equals("/slow")) {
            await(releases.computeIfAbsent("slow", k -> new CountDownLatch(1)));
            reply(exchange, 200, "late");
        } else if (path.equals("/lines")) {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("first\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                // Released by the test once it read the first line; a wait that ran out says so instead.
                boolean released = await(releases.computeIfAbsent("lines", k -> new CountDownLatch(1)));
                out.write((released ? "second\n" : "the client did not read the first line while the body was open\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        } else {
            reply(exchange, 200, "ok");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Whether the latch was released (rather than the wait running out). */
    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void successAndErrorStatusesAreAnswersWithTheirBodies() throws Exception {
        for (int status : new int[] {200, 404, 500}) {
            Response response = http.send(Request.get(url("/status/" + status)));
            assertEquals(status, response.status());
            assertEquals("{\"status\":" + status + "}", response.bodyText());
            assertEquals("application/json", response.header("content-type").orElseThrow());
            assertEquals("application/json", response.header("Content-Type").orElseThrow());
        }
    }

    @Test
    void anErrorWithoutABodyHasAnEmptyOne() throws Exception {
        Response response = http.send(Request.get(url("/empty-error")));
        assertEquals(503, response.status());
        assertEquals("", response.bodyText());
    }

    @Test
    void theBodyAndHeadersArriveAsGiven() throws Exception {
        byte[] json = "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        http.send(Request.of("POST", url("/things?x=1"))
                .withHeader("Authorization", "Bearer s3cret")
                .withHeader("Content-Type", "application/json")
                .withBody(json)
                .withTimeout(Duration.ofSeconds(5)));
        byte[] bytes = new byte[] {0, 1, 2, (byte) 0xff};
        http.send(Request.of("PUT", url("/object")).withBody(bytes));
        http.send(Request.of("DELETE", url("/object")));

        Received post = received.get(0);
        assertEquals("POST", post.method());
        assertEquals("/things?x=1", post.path());
        assertArrayEquals(json, post.body());
        assertEquals("Bearer s3cret", post.header("authorization"));
        assertEquals("application/json", post.header("content-type"));
        assertEquals(String.valueOf(json.length), post.header("content-length"));
        assertEquals("*/*", post.header("accept"), "not HttpURLConnection's list of browser types");
        assertEquals("127.0.0.1:" + server.getAddress().getPort(), post.header("host"));

        Received put = received.get(1);
        assertEquals("PUT", put.method());
        assertArrayEquals(bytes, put.body());
        assertEquals("4", put.header("content-length"));
        assertEquals("application/octet-stream", put.header("content-type"), "not a form");

        Received delete = received.get(2);
        assertEquals("DELETE", delete.method());
        assertEquals(0, delete.body().length);
        assertEquals(null, delete.header("content-type"));
    }

    @Test
    void anEmptyBodyIsSentWithALengthOfZero() throws Exception {
        http.send(Request.of("POST", url("/empty")).withBody(new byte[0]));
        assertEquals("0", received.get(0).header("content-length"));
    }

    @Test
    void aRedirectIsAnswerNotFollowed() throws Exception {
        Response response = http.send(Request.get(url("/redirect")));
        assertEquals(302, response.status());
        assertEquals("/target", response.header("Location").orElseThrow());
        assertEquals(List.of("/redirect"), received.stream().map(Received::path).toList());
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsATimeout() {
        SocketTimeoutException e = assertThrows(
                SocketTimeoutException.class,
                () -> http.send(Request.get(url("/slow")).withTimeout(Duration.ofMillis(300))));
        assertEquals("timed out: nothing received for 300 ms", e.getMessage());
    }

    @Test
    void nothingListeningIsAConnectException() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        assertThrows(
                ConnectException.class, () -> http.send(Request.get(URI.create("http://127.0.0.1:" + port + "/"))));
    }

    /** The backend's 401 to a login says why; HttpURLConnection's streaming mode would throw it away. */
    @Test
    void aRefusedPostKeepsItsBody() throws Exception {
        Response response =
                http.send(Request.of("POST", url("/status/401")).withBody("{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, response.status());
        assertEquals("{\"status\":401}", response.bodyText());
    }

    /** HttpURLConnection would send it again on a new connection; a login counts against the backend's limit. */
    @Test
    void aPostIsNotSentAgainWhenTheConnectionDropsBeforeTheAnswer() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket dropping = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                while (!dropping.isClosed()) {
                    try (Socket socket = dropping.accept()) {
                        connections.incrementAndGet();
                        socket.getInputStream().read(new byte[8192]);
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Request login = Request.of(
                            "POST", URI.create("http://127.0.0.1:" + dropping.getLocalPort() + "/v1/auth/login"))
                    .withBody("{}".getBytes(StandardCharsets.UTF_8))
                    .withTimeout(Duration.ofSeconds(5));

            assertThrows(IOException.class, () -> http.send(login));
        }
        assertEquals(1, connections.get());
    }

    @Test
    void anInterruptedThreadSendsNothing() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> http.send(Request.get(url("/"))));
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt is reported, not kept");
        assertTrue(received.isEmpty());
    }

    @Test
    void aStreamedBodyIsReadAsItArrives() throws Exception {
        try (StreamedResponse response = http.stream(Request.get(url("/lines")))) {
            assertEquals(200, response.status());
            BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            assertEquals("first", lines.readLine(), "before the server finished");
            releases.computeIfAbsent("lines", k -> new CountDownLatch(1)).countDown();
            assertEquals("second", lines.readLine());
            assertEquals(null, lines.readLine());
        }
    }

    @Test
    void aStreamedErrorHasItsBody() throws Exception {
        try (StreamedResponse response =
                http.stream(Request.of("POST", url("/status/500")).withBody(new byte[] {1}))) {
            assertEquals(500, response.status());
            try (InputStream body = response.body()) {
                assertEquals("{\"status\":500}", new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void headersTheClientSetsItselfOrCannotCarryAreRefusedWithoutEchoingTheValue() {
        Request request = Request.get(url("/"));
        assertThrows(IllegalArgumentException.class, () -> request.withHeader("Host", "example.com"));
        assertThrows(IllegalArgumentException.class, () -> request.withHeader("content-length", "3"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> request.withHeader("Authorization", "Bearer secret\r\nX-Injected: 1"));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> request.withBody(new byte[1]),
                "a GET with a body would go out as POST");
    }

    @Test
    void aHeaderGivenTwiceIsSentOnce() throws Exception {
        http.send(Request.get(url("/")).withHeader("Accept", "text/plain").withHeader("accept", "application/json"));
        assertEquals(List.of("application/json"), received.get(0).headers().get("Accept"));
    }

    /**
     * A streamed request body goes out as it is read: the server has the first megabyte before the
     * body's second is even produced (the body waits for that), which a client that buffered the
     * whole body before sending could never do (it would wait until the deadline and fail).
     */
    @Test
    void aStreamedRequestBodyGoesOutAsItIsRead() throws Exception {
        int half = 1024 * 1024;
        CountDownLatch firstHalfArrived = new CountDownLatch(1);
        AtomicInteger receivedBytes = new AtomicInteger();
        server.createContext("/upload", exchange -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = exchange.getRequestBody()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (receivedBytes.addAndGet(n) >= half) {
                        firstHalfArrived.countDown();
                    }
                }
            }
            exchange.getResponseHeaders()
                    .set("Content-Length-Seen", exchange.getRequestHeaders().getFirst("Content-Length"));
            reply(exchange, 200, "stored");
        });
        InputStream body = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (sent == 2 * half) {
                    return -1;
                }
                if (sent == half) {
                    try {
                        if (!firstHalfArrived.await(10, TimeUnit.SECONDS)) {
                            throw new IOException("the server never got the first half: the body was held back");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                int n = Math.min(length, (sent < half ? half : 2 * half) - sent);
                Arrays.fill(buffer, offset, offset + n, (byte) 'x');
                sent += n;
                return n;
            }
        };
        Response response = http.send(
                Request.of("PUT", url("/upload")).withBody(body, 2L * half).withTimeout(Duration.ofSeconds(20)));
        assertEquals(200, response.status());
        assertEquals(2 * half, receivedBytes.get());
        assertEquals(
                String.valueOf(2 * half),
                response.header("Content-Length-Seen").orElseThrow(),
                "sent with its length, not chunked");
    }

    @Test
    void aStreamedBodyShorterThanItsLengthFailsTheRequest() {
        assertThrows(
                IOException.class,
                () -> http.send(
                        Request.of("PUT", url("/status/200")).withBody(new ByteArrayInputStream(new byte[10]), 11)));
    }
}
