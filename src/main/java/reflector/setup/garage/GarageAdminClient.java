package reflector.setup.garage;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Client for the parts of Garage's admin API v1 the installer needs (Garage v1.1.0). */
public final class GarageAdminClient {
    // Garage answers a key search that does not match exactly one key with 400 "Bad request: N matching keys".
    private static final Pattern MATCHING_KEYS = Pattern.compile("\\b(\\d+) matching keys\\b");

    private final String baseUrl;
    private final String adminToken;
    private final HttpClient http;
    private final Duration requestTimeout;

    public GarageAdminClient(URI baseUrl, String adminToken, HttpClient http, Duration requestTimeout) {
        this.baseUrl = stripTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl").toString());
        this.adminToken = headerSafe(Objects.requireNonNull(adminToken, "adminToken"));
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** True when GET /v1/status answers 200 with our token. */
    public boolean adminApiAnswers() throws InterruptedException {
        try {
            return http.send(authorized("/v1/status").GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException unreachable) {
            return false;
        }
    }

    public ClusterStatus status() throws IOException, InterruptedException {
        return ClusterStatus.from(call("GET", "/v1/status", null));
    }

    /** Stages (does not apply) a storage role for {@code nodeId}, the full 64-hex node id. */
    public ClusterLayout stageRole(String nodeId, String zone, long capacityBytes)
            throws IOException, InterruptedException {
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("id", nodeId);
        role.put("zone", zone);
        role.put("capacity", capacityBytes);
        role.put("tags", List.of());
        return ClusterLayout.from(call("POST", "/v1/layout", List.of(role)));
    }

    /** Applies the staged changes; {@code version} must be the current layout version + 1. */
    public void applyLayout(int version) throws IOException, InterruptedException {
        call("POST", "/v1/layout/apply", Map.of("version", version));
    }

    public Optional<BucketInfo> findBucket(String globalAlias) throws IOException, InterruptedException {
        try {
            return Optional.of(BucketInfo.from(call("GET", "/v1/bucket?globalAlias=" + encode(globalAlias), null)));
        } catch (GarageApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public BucketInfo createBucket(String globalAlias) throws IOException, InterruptedException {
        return BucketInfo.from(call("POST", "/v1/bucket", Map.of("globalAlias", globalAlias)));
    }

    /**
     * Finds the one key named {@code name}, with its secret.
     *
     * @throws DuplicateKeyNameException when several keys carry that name; never picks one of them
     */
    public Optional<KeyInfo> findKey(String name) throws IOException, InterruptedException {
        try {
            return Optional.of(KeyInfo.from(
                    call("GET", "/v1/key?search=" + encode(name) + "&showSecretKey=true", null)));
        } catch (GarageApiException e) {
            Matcher matching = e.status() == 400 && e.garageMessage() != null
                    ? MATCHING_KEYS.matcher(e.garageMessage()) : null;
            if (matching == null || !matching.find()) {
                throw e;
            }
            int count = Integer.parseInt(matching.group(1));
            if (count == 0) {
                return Optional.empty();
            }
            throw new DuplicateKeyNameException(name, count, e);
        }
    }

    /** Creates a key; Garage returns its secret only here and on an explicit showSecretKey search. */
    public KeyInfo createKey(String name) throws IOException, InterruptedException {
        return KeyInfo.from(call("POST", "/v1/key", Map.of("name", name)));
    }

    /** Grants the {@code true} flags; {@code false} flags leave the existing permission unchanged. */
    public void allow(String bucketId, String accessKeyId, boolean read, boolean write)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bucketId", bucketId);
        body.put("accessKeyId", accessKeyId);
        body.put("permissions", Map.of("read", read, "write", write, "owner", false));
        call("POST", "/v1/bucket/allow", body);
    }

    private JsonNode call(String method, String pathAndQuery, Object jsonBody)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = authorized(pathAndQuery);
        if (jsonBody == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(jsonBody)));
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw GarageApiException.fromResponse(method + " " + pathAndQuery, response.statusCode(), response.body());
        }
        return response.body().isBlank() ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(response.body());
    }

    private HttpRequest.Builder authorized(String pathAndQuery) {
        return request(pathAndQuery).header("Authorization", "Bearer " + adminToken);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(requestTimeout);
    }

    /**
     * Garage trims the token, so a trailing newline from a token file is harmless there; the JDK however rejects
     * it and quotes the whole header, token included, in its exception. Strip it, and refuse other control
     * characters without echoing the value.
     */
    private static String headerSafe(String token) {
        String stripped = token.strip();
        if (!stripped.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(
                    "The Garage admin token contains characters an HTTP header cannot carry");
        }
        return stripped;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "GarageAdminClient[" + baseUrl + "]";
    }
}
