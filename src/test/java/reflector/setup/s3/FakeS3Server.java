package reflector.setup.s3;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import reflector.setup.support.LocalHttpServer;

/**
 * A stand-in for an S3 API such as Garage's (port 3900), path-style: PUT, GET, HEAD and DELETE of
 * objects and ListObjectsV2 (pages of at most {@link #maxKeys}, continuation tokens,
 * encoding-type=url), with header-based SigV4 checked here from the bytes that arrived (Host as
 * sent, the query sorted here, the payload hashed again unless UNSIGNED-PAYLOAD), independently of
 * the installer's signer. An object keeps its Content-Type and x-amz-meta-* headers; its ETag is
 * its MD5, or with {@link #encryptedLikeKms} an opaque one, as AWS's SSE-KMS answers. A
 * Content-MD5 that does not match the body is refused (400 InvalidDigest). It refuses as Garage
 * v1.1.0 does (src/api/common/signature/payload.rs, src/api/s3/api_server.rs): 403 AccessDenied
 * "Forbidden: No such key: ..." and "Forbidden: Invalid signature", 400 AuthorizationHeaderMalformed
 * for another region, 404 NoSuchBucket "Bucket not found: ...", 403 AccessDenied "Forbidden:
 * Operation is not allowed for this key." without the grant, 404 NoSuchKey.
 */
public final class FakeS3Server implements AutoCloseable {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/s3/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
    private static final String UNSIGNED = "UNSIGNED-PAYLOAD";

    /** An object as stored: its bytes, ETag and the headers it was written with. */
    public record Stored(byte[] data, String etag, Map<String, String> headers) {}

    private final LocalHttpServer server;
    private final String region;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Stored>> buckets = new ConcurrentHashMap<>();
    /** key id -> bucket -> "r", "w" or "rw". */
    private final Map<String, Map<String, String>> grants = new ConcurrentHashMap<>();

    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Methods that answer 500 InternalError (after the signature check), e.g. to fail the read. */
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** Object keys whose PUT answers 500 InternalError, e.g. to stop a copy half-way. */
    public final Set<String> failingPuts = ConcurrentHashMap.newKeySet();
    /** When set, GET answers these bytes instead of what was stored (with the stored object's ETag). */
    public volatile byte[] corruptReads;
    /** The most keys a listing page holds (S3's is 1000). */
    public volatile int maxKeys = 1000;
    /** Objects written from now on get an ETag that is not their MD5, and answers name SSE-KMS, as AWS's do. */
    public volatile boolean encryptedLikeKms;

    public FakeS3Server(String region) throws IOException {
        this.region = region;
        server = new LocalHttpServer("/", this::handle);
    }

    public int port() {
        return server.port();
    }

    public URI baseUrl() {
        return server.baseUrl();
    }

    public void key(String id, String secret) {
        secrets.put(id, secret);
    }

    public void bucket(String name) {
        buckets.put(name, new ConcurrentSkipListMap<>());
    }

    public void allow(String keyId, String bucket, String permissions) {
        grants.computeIfAbsent(keyId, k -> new ConcurrentHashMap<>()).put(bucket, permissions);
    }

    public Set<String> objects(String bucket) {
        return Set.copyOf(buckets.get(bucket).keySet());
    }

    /** An object as stored, or null. */
    public Stored object(String bucket, String key) {
        return buckets.get(bucket).get(key);
    }

    /** Stores an object directly, as another writer would have (its ETag its MD5, as a single-part upload's). */
    public void put(String bucket, String key, byte[] data) {
        buckets.get(bucket).put(key, new Stored(data.clone(), hex(md5(data)), Map.of()));
    }

    /** Method, raw path and (when there is one) raw query of each request, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery() == null
                ? ""
                : exchange.getRequestURI().getRawQuery();
        requests.add(method + " " + path + (query.isEmpty() ? "" : "?" + query));
        byte[] body = exchange.getRequestBody().readAllBytes();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher auth = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        if (auth == null || !auth.matches()) {
            error(exchange, 400, "InvalidRequest", "Bad request: Authorization field to short", path);
            return;
        }
        if (!auth.group(3).equals(region)) {
            error(
                    exchange,
                    400,
                    "AuthorizationHeaderMalformed",
                    "Authorization header malformed, unexpected scope: " + auth.group(2) + "/" + auth.group(3)
                            + "/s3/aws4_request",
                    path);
            return;
        }
        String secret = secrets.get(auth.group(1));
        if (secret == null) {
            error(exchange, 403, "AccessDenied", "Forbidden: No such key: " + auth.group(1), path);
            return;
        }
        String contentSha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
        if (contentSha == null
                || !(contentSha.equals(hex(sha256(body))) || contentSha.equals(UNSIGNED) && method.equals("PUT"))) {
            error(exchange, 400, "InvalidDigest", "Bad request: payload does not match x-amz-content-sha256", path);
            return;
        }
        if (!signatureMatches(exchange, auth, secret, method, path, query, contentSha)) {
            error(exchange, 403, "AccessDenied", "Forbidden: Invalid signature", path);
            return;
        }
        String[] parts = path.substring(1).split("/", 2);
        Map<String, Stored> bucket = buckets.get(parts[0]);
        if (bucket == null) {
            error(exchange, 404, "NoSuchBucket", "Bucket not found: " + parts[0], path);
            return;
        }
        String granted = grants.getOrDefault(auth.group(1), Map.of()).getOrDefault(parts[0], "");
        if (!granted.contains(method.equals("GET") || method.equals("HEAD") ? "r" : "w")) {
            error(exchange, 403, "AccessDenied", "Forbidden: Operation is not allowed for this key.", path);
            return;
        }
        if (failing.contains(method)) {
            error(exchange, 500, "InternalError", "Internal error: fake failure", path);
            return;
        }
        String key = parts.length > 1 ? URLDecoder.decode(parts[1].replace("+", "%2B"), StandardCharsets.UTF_8) : "";
        if (key.isEmpty()) {
            if (method.equals("GET") && query.contains("list-type=2")) {
                list(exchange, parts[0], bucket, query);
            } else {
                error(exchange, 501, "NotImplemented", "Unimplemented action: " + method + " on a bucket", path);
            }
            return;
        }
        switch (method) {
            case "PUT" -> {
                if (failingPuts.contains(key)) {
                    error(exchange, 500, "InternalError", "Internal error: fake failure", path);
                    return;
                }
                String md5 = exchange.getRequestHeaders().getFirst("Content-MD5");
                if (md5 != null && !md5.equals(Base64.getEncoder().encodeToString(md5(body)))) {
                    error(
                            exchange,
                            400,
                            "InvalidDigest",
                            "Invalid digest: MD5 checksum verification failed (from content-md5)",
                            path);
                    return;
                }
                Map<String, String> kept = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> {
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (lower.equals("content-type") || lower.startsWith("x-amz-meta-")) {
                        kept.put(lower, values.get(0));
                    }
                });
                if (encryptedLikeKms) {
                    kept.put("x-amz-server-side-encryption", "aws:kms");
                }
                Stored stored = new Stored(
                        body,
                        encryptedLikeKms
                                ? hex(md5(hex(sha256(body)).getBytes(StandardCharsets.UTF_8)))
                                : hex(md5(body)),
                        kept);
                bucket.put(key, stored);
                exchange.getResponseHeaders().set("ETag", "\"" + stored.etag() + "\"");
                if (encryptedLikeKms) {
                    exchange.getResponseHeaders().set("x-amz-server-side-encryption", "aws:kms");
                }
                reply(exchange, 200, null);
            }
            case "GET", "HEAD" -> {
                Stored stored = bucket.get(key);
                if (stored == null) {
                    if (method.equals("HEAD")) {
                        exchange.sendResponseHeaders(404, -1);
                        exchange.close();
                    } else {
                        error(exchange, 404, "NoSuchKey", "Key not found", path);
                    }
                    return;
                }
                Headers headers = exchange.getResponseHeaders();
                headers.set("ETag", "\"" + stored.etag() + "\"");
                stored.headers().forEach(headers::set);
                byte[] data = method.equals("GET") && corruptReads != null ? corruptReads : stored.data();
                if (method.equals("HEAD")) {
                    headers.set("Content-Length", Long.toString(data.length));
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                } else {
                    reply(exchange, 200, data);
                }
            }
            case "DELETE" -> {
                bucket.remove(key);
                reply(exchange, 204, null);
            }
            default -> error(exchange, 400, "InvalidRequest", "Bad request: unsupported method", path);
        }
    }

    /** ListObjectsV2: keys in order after the continuation token (an opaque one: the last key, base64), at most maxKeys. */
    private void list(HttpExchange exchange, String name, Map<String, Stored> bucket, String rawQuery)
            throws IOException {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        String prefix = query.getOrDefault("prefix", "");
        String after = query.containsKey("continuation-token")
                ? new String(Base64.getDecoder().decode(query.get("continuation-token")), StandardCharsets.UTF_8)
                : "";
        int limit = Math.min(maxKeys, Integer.parseInt(query.getOrDefault("max-keys", "1000")));
        boolean encode = "url".equals(query.get("encoding-type"));
        List<String> keys = new ArrayList<>();
        boolean truncated = false;
        for (String key : bucket.keySet()) {
            if (!key.startsWith(prefix) || key.compareTo(after) <= 0) {
                continue;
            }
            if (keys.size() == limit) {
                truncated = true;
                break;
            }
            keys.add(key);
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + name
                + "</Name><Prefix>"
                + escape(prefix) + "</Prefix><KeyCount>" + keys.size() + "</KeyCount><MaxKeys>" + limit + "</MaxKeys>"
                + (encode ? "<EncodingType>url</EncodingType>" : "") + "<IsTruncated>" + truncated + "</IsTruncated>");
        if (truncated) {
            xml.append("<NextContinuationToken>")
                    .append(Base64.getEncoder()
                            .encodeToString(keys.get(keys.size() - 1).getBytes(StandardCharsets.UTF_8)))
                    .append("</NextContinuationToken>");
        }
        for (String key : keys) {
            Stored stored = bucket.get(key);
            xml.append("<Contents><Key>")
                    .append(encode ? URLEncoder.encode(key, StandardCharsets.UTF_8) : escape(key))
                    .append("</Key><Size>")
                    .append(stored.data().length)
                    .append("</Size><ETag>&quot;")
                    .append(stored.etag())
                    .append("&quot;</ETag><StorageClass>STANDARD</StorageClass></Contents>");
        }
        xml.append("</ListBucketResult>");
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        reply(exchange, 200, xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * The canonical request rebuilt from what arrived: the query's pairs sorted, the signed headers
     * as received, sorted by name.
     */
    private static boolean signatureMatches(
            HttpExchange exchange,
            Matcher auth,
            String secret,
            String method,
            String path,
            String query,
            String contentSha) {
        List<String> names = Arrays.asList(auth.group(4).split(";"));
        if (!names.contains("host")
                || !names.contains("x-amz-date")
                || !names.contains("x-amz-content-sha256")
                || !names.stream().sorted().toList().equals(names)) {
            return false;
        }
        for (String header : exchange.getRequestHeaders().keySet()) {
            if (header.toLowerCase(Locale.ROOT).startsWith("x-amz-")
                    && !names.contains(header.toLowerCase(Locale.ROOT))) {
                return false; // Garage: every x-amz-* header must be signed
            }
        }
        List<String> pairs = new ArrayList<>(query.isEmpty() ? List.of() : Arrays.asList(query.split("&")));
        pairs.sort(null);
        StringBuilder canonical = new StringBuilder(method)
                .append('\n')
                .append(path)
                .append('\n')
                .append(String.join("&", pairs))
                .append('\n');
        for (String name : names) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value == null) {
                return false;
            }
            canonical
                    .append(name.toLowerCase(Locale.ROOT))
                    .append(':')
                    .append(value.trim())
                    .append('\n');
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
        return MessageDigest.isEqual(
                hex(hmac(key, toSign)).getBytes(StandardCharsets.US_ASCII),
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
        return digest("SHA-256", data);
    }

    private static byte[] md5(byte[] data) {
        return digest("MD5", data);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
