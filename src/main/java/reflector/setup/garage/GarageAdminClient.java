package reflector.setup.garage;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reflector.setup.http.HttpTransport;
import reflector.setup.http.Request;
import reflector.setup.http.Response;

/** Client for the parts of Garage's admin API v1 the installer needs (Garage v1.1.0). */
public final class GarageAdminClient {
    // Garage answers a key search that does not match exactly one key with 400 "Bad request: N matching keys".
    private static final Pattern MATCHING_KEYS = Pattern.compile("\\b(\\d+) matching keys\\b");

    private final String baseUrl;
    private final String adminToken;
    private final HttpTransport http;
    private final Duration requestTimeout;

    public GarageAdminClient(URI baseUrl, String adminToken, HttpTransport http, Duration requestTimeout) {
        this.baseUrl =
                stripTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl").toString());
        this.adminToken = headerSafe(Objects.requireNonNull(adminToken, "adminToken"));
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** True when GET /v1/status answers 200 with our token. */
    public boolean adminApiAnswers() throws InterruptedException {
        try {
            return http.send(authorized("GET", "/v1/status")).status() == 200;
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
            return Optional.of(
                    KeyInfo.from(call("GET", "/v1/key?search=" + encode(name) + "&showSecretKey=true", null)));
        } catch (GarageApiException e) {
            Matcher matching =
                    e.status() == 400 && e.garageMessage() != null ? MATCHING_KEYS.matcher(e.garageMessage()) : null;
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
        Request request = authorized(method, pathAndQuery);
        if (jsonBody != null) {
            request = request.withHeader("Content-Type", "application/json")
                    .withBody(Json.MAPPER.writeValueAsBytes(jsonBody));
        }
        Response response = http.send(request);
        String body = response.bodyText();
        if (response.status() / 100 != 2) {
            throw GarageApiException.fromResponse(method + " " + pathAndQuery, response.status(), body);
        }
        return body.isBlank() ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(body);
    }

    private Request authorized(String method, String pathAndQuery) {
        return Request.of(method, URI.create(baseUrl + pathAndQuery))
                .withTimeout(requestTimeout)
                .withHeader("Authorization", "Bearer " + adminToken);
    }

    /**
     * Garage trims the token, so a trailing newline from a token file is harmless there; an HTTP header cannot
     * carry it. Strip it, and refuse other control characters without echoing the value.
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
