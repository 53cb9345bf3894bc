package reflector.setup.garage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import reflector.setup.support.LocalHttpServer;

/**
 * A stand-in for Garage v1.1.0's admin API v1, written to its documented interface
 * (Garage's source, src/api/admin/, and contracts/garage-admin-v1.yml, which GarageAdminContractTest holds it to), because
 * Garage itself cannot run in this build environment. It implements only the endpoints the installer uses, with
 * Garage's status codes and error bodies, and records every exchange for the contract test.
 */
public final class FakeGarageAdminServer implements AutoCloseable {
    /** One request as the client sent it, and the fake's answer. Query values are decoded. */
    record Exchange(
            String method,
            String path,
            Map<String, String> query,
            String requestBody,
            int status,
            String responseBody) {
        String line() {
            return method + " " + path;
        }
    }

    private record Reply(int status, String contentType, String body) {}

    private static final class ApiError extends RuntimeException {
        final int status;
        final String code;

        ApiError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private static final class Key {
        final String id = "GK" + randomHex(12);
        final String secret = randomHex(32);
        final String name;

        Key(String name) {
            this.name = name;
        }
    }

    private static final class Grant {
        boolean read;
        boolean write;
        boolean owner;
    }

    private static final class Bucket {
        final String id = randomHex(32);
        final List<String> globalAliases = new ArrayList<>();
        final Map<String, Grant> grants = new LinkedHashMap<>();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> ENDPOINTS = Set.of(
            "GET /v1/status",
            "POST /v1/layout",
            "POST /v1/layout/apply",
            "GET /v1/bucket",
            "POST /v1/bucket",
            "POST /v1/bucket/allow",
            "GET /v1/key",
            "POST /v1/key");

    private final LocalHttpServer server;
    private final String adminToken;
    private final String nodeId = randomHex(32);
    private int layoutVersion;
    private final Map<String, ObjectNode> roles = new LinkedHashMap<>();
    private final Map<String, ObjectNode> staged = new LinkedHashMap<>();
    private final List<Bucket> buckets = new ArrayList<>();
    private final List<Key> keys = new ArrayList<>();
    private final List<Exchange> exchanges = new ArrayList<>();

    /** {@code adminToken} null means Garage runs without admin_token: every /v1 call is refused. */
    public FakeGarageAdminServer(String adminToken) throws IOException {
        this.adminToken = adminToken;
        server = new LocalHttpServer("/", this::handle);
    }

    public URI baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- set-up and inspection for tests (not part of Garage's API) ----

    String nodeId() {
        return nodeId;
    }

    synchronized void assignRoleDirectly(String zone, long capacity) {
        roles.put(nodeId, role(nodeId, zone, capacity));
        layoutVersion++;
    }

    synchronized String addKey(String name) {
        Key key = new Key(name);
        keys.add(key);
        return key.id;
    }

    synchronized String addBucket(String alias) {
        Bucket bucket = new Bucket();
        bucket.globalAliases.add(alias);
        buckets.add(bucket);
        return bucket.id;
    }

    synchronized int layoutVersion() {
        return layoutVersion;
    }

    synchronized JsonNode roleOfThisNode() {
        return roles.get(nodeId);
    }

    synchronized long keysNamed(String name) {
        return keys.stream().filter(k -> k.name.equals(name)).count();
    }

    synchronized String secretOf(String accessKeyId) {
        return keys.stream()
                .filter(k -> k.id.equals(accessKeyId))
                .map(k -> k.secret)
                .findFirst()
                .orElseThrow();
    }

    synchronized boolean grantsReadWrite(String alias, String accessKeyId) {
        Grant grant = buckets.stream()
                .filter(b -> b.globalAliases.contains(alias))
                .findFirst()
                .map(b -> b.grants.get(accessKeyId))
                .orElse(null);
        return grant != null && grant.read && grant.write;
    }

    synchronized List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    synchronized void clearExchanges() {
        exchanges.clear();
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Reply reply;
        synchronized (this) {
            reply = answer(
                    method, path, query, body, exchange.getRequestHeaders().getFirst("Authorization"));
            exchanges.add(new Exchange(method, path, query, body, reply.status(), reply.body()));
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Reply answer(String method, String path, Map<String, String> query, String body, String authorization) {
        try {
            if (!ENDPOINTS.contains(method + " " + path)) {
                throw badRequest("Unknown API endpoint: " + method + " " + path);
            }
            checkToken(authorization);
            return new Reply(200, "application/json", JSON.writeValueAsString(route(method, path, query, body)));
        } catch (ApiError e) {
            ObjectNode error = JSON.createObjectNode()
                    .put("code", e.code)
                    .put("message", e.getMessage())
                    .put("region", "garage")
                    .put("path", path);
            return new Reply(e.status, "application/json", error.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void checkToken(String authorization) {
        if (adminToken == null) {
            throw forbidden("Admin token isn't configured, admin API access is disabled for security.");
        }
        if (authorization == null) {
            throw forbidden("Authorization token must be provided");
        }
        if (!authorization.startsWith("Bearer ")
                || !authorization.substring("Bearer ".length()).trim().equals(adminToken)) {
            throw forbidden("Invalid authorization token");
        }
    }

    private JsonNode route(String method, String path, Map<String, String> query, String body) {
        switch (method + " " + path) {
            case "GET /v1/status":
                return status();
            case "POST /v1/layout":
                return stage(parse(body));
            case "POST /v1/layout/apply":
                return apply(parse(body));
            case "GET /v1/bucket":
                return getBucket(query);
            case "POST /v1/bucket":
                return createBucket(parse(body));
            case "POST /v1/bucket/allow":
                return allow(parse(body));
            case "GET /v1/key":
                return getKey(query);
            case "POST /v1/key":
                return createKey(parse(body));
            default:
                throw new IllegalStateException("unrouted " + method + " " + path);
        }
    }

    // ---- node and layout ----

    private JsonNode status() {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", nodeId);
        node.set("role", roles.get(nodeId));
        node.put("addr", "127.0.0.1:3901")
                .put("hostname", "garage")
                .put("isUp", true)
                .putNull("lastSeenSecsAgo");
        node.put("draining", false);
        ObjectNode status = JSON.createObjectNode()
                .put("node", nodeId)
                .put("garageVersion", "v1.1.0")
                .put("rustVersion", "1.82.0")
                .put("dbEngine", "LMDB (using Heed crate)");
        status.putArray("garageFeatures").add("k2v").add("lmdb").add("sqlite").add("metrics");
        status.put("layoutVersion", layoutVersion);
        status.putArray("nodes").add(node);
        return status;
    }

    private ObjectNode layout() {
        ObjectNode layout = JSON.createObjectNode().put("version", layoutVersion);
        layout.putArray("roles").addAll(roles.values());
        layout.putArray("stagedRoleChanges").addAll(staged.values());
        return layout;
    }

    private JsonNode stage(JsonNode changes) {
        if (!changes.isArray()) {
            throw badRequest("Invalid JSON: invalid type: expected a sequence");
        }
        for (JsonNode change : changes) {
            String id = change.path("id").asText("");
            if (!HEX_64.matcher(id).matches()) {
                throw badRequest("Invalid node identifier");
            }
            if (change.path("remove").asBoolean(false)) {
                staged.put(id, JSON.createObjectNode().put("id", id).put("remove", true));
                continue;
            }
            for (String field : List.of("zone", "capacity", "tags")) {
                if (!change.has(field)) {
                    throw badRequest("Invalid JSON: missing field `" + field + "`");
                }
            }
            if (!change.get("tags").isArray()
                    || !change.get("zone").isTextual()
                    || !(change.get("capacity").isIntegralNumber()
                            || change.get("capacity").isNull())) {
                throw badRequest("Invalid JSON: invalid type");
            }
            ObjectNode role = JSON.createObjectNode()
                    .put("id", id)
                    .put("zone", change.get("zone").asText());
            role.set("capacity", change.get("capacity"));
            role.set("tags", change.get("tags"));
            staged.put(id, role);
        }
        return layout();
    }

    private JsonNode apply(JsonNode request) {
        if (!request.path("version").isIntegralNumber()) {
            throw badRequest("Invalid JSON: missing field `version`");
        }
        // Garage reports these as internal errors (500), not as bad requests.
        if (request.get("version").asInt() != layoutVersion + 1) {
            throw new ApiError(500, "InternalError", "Internal error: Invalid new layout version");
        }
        Map<String, ObjectNode> next = new LinkedHashMap<>(roles);
        staged.forEach((id, change) -> {
            if (change.path("remove").asBoolean(false)) {
                next.remove(id);
            } else {
                next.put(id, change);
            }
        });
        long storageNodes = next.values().stream()
                .filter(r -> r.path("capacity").asLong(0) > 0)
                .count();
        if (storageNodes < 1) {
            throw new ApiError(
                    500,
                    "InternalError",
                    "Internal error: The number of nodes with positive capacity (" + storageNodes
                            + ") is smaller than the replication factor (1).");
        }
        roles.clear();
        roles.putAll(next);
        staged.clear();
        layoutVersion++;
        ObjectNode reply = JSON.createObjectNode();
        reply.putArray("message")
                .add("==== COMPUTATION OF A NEW PARTITION ASSIGNATION ====")
                .add("");
        reply.set("layout", layout());
        return reply;
    }

    // ---- buckets ----

    private JsonNode getBucket(Map<String, String> query) {
        if (query.containsKey("globalAlias")) {
            String alias = query.get("globalAlias");
            return bucketInfo(buckets.stream()
                    .filter(b -> b.globalAliases.contains(alias))
                    .findFirst()
                    .orElseThrow(() -> noSuchBucket(alias)));
        }
        if (query.containsKey("id")) {
            return bucketInfo(bucketById(query.get("id")));
        }
        ArrayNode list = JSON.createArrayNode();
        for (Bucket bucket : buckets) {
            ObjectNode item = list.addObject().put("id", bucket.id);
            item.putArray("globalAliases").addAll(texts(bucket.globalAliases));
            item.putArray("localAliases");
        }
        return list;
    }

    private JsonNode createBucket(JsonNode request) {
        Bucket bucket = new Bucket();
        if (request.hasNonNull("globalAlias")) {
            String alias = request.get("globalAlias").asText();
            if (!isValidBucketName(alias)) {
                throw new ApiError(400, "InvalidBucketName", "Invalid bucket name: " + alias);
            }
            if (buckets.stream().anyMatch(b -> b.globalAliases.contains(alias))) {
                throw new ApiError(409, "BucketAlreadyExists", "Bucket already exists");
            }
            bucket.globalAliases.add(alias);
        }
        buckets.add(bucket);
        return bucketInfo(bucket);
    }

    private JsonNode allow(JsonNode request) {
        String bucketId = request.path("bucketId").asText("");
        if (!HEX_64.matcher(bucketId).matches()) {
            throw badRequest("Invalid bucket id");
        }
        Bucket bucket = bucketById(bucketId);
        String keyId = request.path("accessKeyId").asText("");
        if (keys.stream().noneMatch(k -> k.id.equals(keyId))) {
            throw new ApiError(404, "NoSuchAccessKey", "Access key not found: " + keyId);
        }
        Grant grant = bucket.grants.computeIfAbsent(keyId, id -> new Grant());
        JsonNode permissions = request.path("permissions");
        grant.read |= permissions.path("read").asBoolean(false);
        grant.write |= permissions.path("write").asBoolean(false);
        grant.owner |= permissions.path("owner").asBoolean(false);
        return bucketInfo(bucket);
    }

    private Bucket bucketById(String id) {
        return buckets.stream().filter(b -> b.id.equals(id)).findFirst().orElseThrow(() -> noSuchBucket(id));
    }

    private ObjectNode bucketInfo(Bucket bucket) {
        ObjectNode info = JSON.createObjectNode().put("id", bucket.id);
        info.putArray("globalAliases").addAll(texts(bucket.globalAliases));
        info.put("websiteAccess", false).putNull("websiteConfig");
        ArrayNode keyList = info.putArray("keys");
        bucket.grants.forEach((keyId, grant) -> {
            ObjectNode item = keyList.addObject().put("accessKeyId", keyId).put("name", keyById(keyId).name);
            item.set("permissions", permissions(grant));
            item.putArray("bucketLocalAliases");
        });
        info.put("objects", 0).put("bytes", 0).put("unfinishedUploads", 0);
        info.putObject("quotas").putNull("maxSize").putNull("maxObjects");
        return info;
    }

    // ---- keys ----

    private JsonNode getKey(Map<String, String> query) {
        boolean showSecret = "true".equals(query.get("showSecretKey"));
        if (query.containsKey("id")) {
            String id = query.get("id");
            Key key = keys.stream()
                    .filter(k -> k.id.equals(id))
                    .findFirst()
                    .orElseThrow(() -> new ApiError(404, "NoSuchAccessKey", "Access key not found: " + id));
            return keyInfo(key, showSecret);
        }
        if (query.containsKey("search")) {
            String pattern = query.get("search").toLowerCase(Locale.ROOT);
            List<Key> matches = keys.stream()
                    .filter(k -> k.id.toLowerCase(Locale.ROOT).startsWith(pattern)
                            || k.name.toLowerCase(Locale.ROOT).equals(pattern))
                    .toList();
            if (matches.size() != 1) {
                throw badRequest(matches.size() + " matching keys");
            }
            return keyInfo(matches.get(0), showSecret);
        }
        ArrayNode list = JSON.createArrayNode();
        keys.forEach(k -> list.addObject().put("id", k.id).put("name", k.name));
        return list;
    }

    private JsonNode createKey(JsonNode request) {
        if (!request.isObject()) {
            throw badRequest("Invalid JSON: expected an object");
        }
        Key key = new Key(request.hasNonNull("name") ? request.get("name").asText() : "Unnamed key");
        keys.add(key);
        return keyInfo(key, true);
    }

    private Key keyById(String id) {
        return keys.stream().filter(k -> k.id.equals(id)).findFirst().orElseThrow();
    }

    private ObjectNode keyInfo(Key key, boolean showSecret) {
        ObjectNode info = JSON.createObjectNode().put("name", key.name).put("accessKeyId", key.id);
        if (showSecret) {
            info.put("secretAccessKey", key.secret);
        }
        info.putObject("permissions").put("createBucket", false);
        ArrayNode bucketList = info.putArray("buckets");
        for (Bucket bucket : buckets) {
            Grant grant = bucket.grants.get(key.id);
            if (grant != null) {
                ObjectNode item = bucketList.addObject().put("id", bucket.id);
                item.putArray("globalAliases").addAll(texts(bucket.globalAliases));
                item.putArray("localAliases");
                item.set("permissions", permissions(grant));
            }
        }
        return info;
    }

    // ---- helpers ----

    private static ObjectNode role(String id, String zone, long capacity) {
        ObjectNode role =
                JSON.createObjectNode().put("id", id).put("zone", zone).put("capacity", capacity);
        role.putArray("tags");
        return role;
    }

    private static ObjectNode permissions(Grant grant) {
        return JSON.createObjectNode()
                .put("read", grant.read)
                .put("write", grant.write)
                .put("owner", grant.owner);
    }

    private static ArrayNode texts(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null || json.isMissingNode()) {
                throw badRequest("Invalid JSON: EOF while parsing a value");
            }
            return json;
        } catch (IOException e) {
            throw badRequest("Invalid JSON: " + e.getMessage());
        }
    }

    /** Garage's rules: 3-63 chars of [a-z0-9.-], alphanumeric ends, not an IP, no xn-- prefix or -s3alias suffix. */
    private static boolean isValidBucketName(String name) {
        return name.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
                && !name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")
                && !name.startsWith("xn--")
                && !name.endsWith("-s3alias");
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static ApiError badRequest(String detail) {
        return new ApiError(400, "InvalidRequest", "Bad request: " + detail);
    }

    private static ApiError forbidden(String detail) {
        return new ApiError(403, "AccessDenied", "Forbidden: " + detail);
    }

    private static ApiError noSuchBucket(String what) {
        return new ApiError(404, "NoSuchBucket", "Bucket not found: " + what);
    }

    private static String randomHex(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }
}
