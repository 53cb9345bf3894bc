package reflector.setup.verify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for Garage's S3 API (port 3900): path-style PUT, GET and DELETE of objects, with
 * header-based SigV4 checked here from the bytes that arrived (Host as sent, the payload hashed
 * again), independently of the installer's signer. It refuses as Garage v1.1.0 does
 * (src/api/common/signature/payload.rs, src/api/s3/api_server.rs): 403 AccessDenied "Forbidden:
 * No such key: ..." and "Forbidden: Invalid signature", 400 AuthorizationHeaderMalformed for
 * another region, 404 NoSuchBucket "Bucket not found: ...", 403 AccessDenied "Forbidden:
 * Operation is not allowed for this key." without the grant, 404 NoSuchKey.
 */
public final class FakeS3Server implements AutoCloseable {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/s3/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");

    private final HttpServer server;
    private final String region;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Map<String, byte[]>> buckets = new ConcurrentHashMap<>();
    /** key id -> bucket -> "r", "w" or "rw". */
    private final Map<String, Map<String, String>> grants = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Methods that answer 500 InternalError (after the signature check), e.g. to fail the read. */
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** When set, GET answers these bytes instead of what was stored. */
    public volatile byte[] corruptReads;

    public FakeS3Server(String region) throws IOException {
        this.region = region;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public void key(String id, String secret) {
        secrets.put(id, secret);
    }

    public void bucket(String name) {
        buckets.put(name, new ConcurrentHashMap<>());
    }

    public void allow(String keyId, String bucket, String permissions) {
        grants.computeIfAbsent(keyId, k -> new ConcurrentHashMap<>()).put(bucket, permissions);
    }

    public Set<String> objects(String bucket) {
        return Set.copyOf(buckets.get(bucket).keySet());
    }

    /** Method and raw path of each request, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        requests.add(method + " " + path);
        byte[] body = exchange.getRequestBody().readAllBytes();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher auth = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        if (auth == null || !auth.matches()) {
            error(exchange, 400, "InvalidRequest", "Bad request: Authorization field to short", path);
            return;
        }
        if (!auth.group(3).equals(region)) {
            error(exchange, 400, "AuthorizationHeaderMalformed", "Authorization header malformed, unexpected scope: "
                    + auth.group(2) + "/" + auth.group(3) + "/s3/aws4_request", path);
            return;
        }
        String secret = secrets.get(auth.group(1));
        if (secret == null) {
            error(exchange, 403, "AccessDenied", "Forbidden: No such key: " + auth.group(1), path);
            return;
        }
        String contentSha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
        if (contentSha == null || !contentSha.equals(hex(sha256(body)))) {
            error(exchange, 400, "InvalidDigest", "Bad request: payload does not match x-amz-content-sha256", path);
            return;
        }
        if (!signatureMatches(exchange, auth, secret, method, path, contentSha)) {
            error(exchange, 403, "AccessDenied", "Forbidden: Invalid signature", path);
            return;
        }
        String[] parts = path.substring(1).split("/", 2);
        Map<String, byte[]> bucket = buckets.get(parts[0]);
        if (bucket == null) {
            error(exchange, 404, "NoSuchBucket", "Bucket not found: " + parts[0], path);
            return;
        }
        String granted = grants.getOrDefault(auth.group(1), Map.of()).getOrDefault(parts[0], "");
        if (!granted.contains(method.equals("GET") ? "r" : "w")) {
            error(exchange, 403, "AccessDenied", "Forbidden: Operation is not allowed for this key.", path);
            return;
        }
        if (failing.contains(method)) {
            error(exchange, 500, "InternalError", "Internal error: fake failure", path);
            return;
        }
        String key = parts.length > 1 ? parts[1] : "";
        switch (method) {
            case "PUT" -> {
                bucket.put(key, body);
                reply(exchange, 200, null);
            }
            case "GET" -> {
                byte[] stored = bucket.get(key);
                if (stored == null) {
                    error(exchange, 404, "NoSuchKey", "Key not found", path);
                } else {
                    reply(exchange, 200, corruptReads != null ? corruptReads : stored);
                }
            }
            case "DELETE" -> {
                bucket.remove(key);
                reply(exchange, 204, null);
            }
            default -> error(exchange, 400, "InvalidRequest", "Bad request: unsupported method", path);
        }
    }

    /** The canonical request rebuilt from what arrived: the signed headers as received, sorted by name. */
    private static boolean signatureMatches(HttpExchange exchange, Matcher auth, String secret, String method,
            String path, String contentSha) {
        List<String> names = Arrays.asList(auth.group(4).split(";"));
        if (!names.contains("host") || !names.contains("x-amz-date") || !names.contains("x-amz-content-sha256")
                || !names.stream().sorted().toList().equals(names)) {
            return false;
        }
        StringBuilder canonical = new StringBuilder(method).append('\n').append(path).append("\n\n");
        for (String name : names) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value == null) {
                return false;
            }
            canonical.append(name.toLowerCase(Locale.ROOT)).append(':').append(value.trim()).append('\n');
        }
        canonical.append('\n').append(auth.group(4)).append('\n').append(contentSha);
        String date = exchange.getRequestHeaders().getFirst("x-amz-date");
        String scope = auth.group(2) + "/" + auth.group(3) + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
        for (String part : new String[] {auth.group(2), auth.group(3), "s3", "aws4_request"}) {
            key = hmac(key, part);
        }
        return MessageDigest.isEqual(hex(hmac(key, toSign)).getBytes(StandardCharsets.US_ASCII),
                auth.group(5).getBytes(StandardCharsets.US_ASCII));
    }

    private static void error(HttpExchange exchange, int status, String code, String message, String resource)
            throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message><Resource>" + resource + "</Resource><Region>garage</Region></Error>";
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        reply(exchange, status, xml.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body == null || body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (body != null) {
                out.write(body);
            }
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
