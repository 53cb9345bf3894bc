package reflector.setup.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import reflector.setup.http.HttpTransport;
import reflector.setup.http.Request;
import reflector.setup.http.Response;
import reflector.setup.http.StreamedResponse;
import reflector.setup.text.Sha256;

/**
 * The S3 calls the installer needs, signed with {@link SigV4} in the Authorization header and
 * addressed as {@link S3Addressing} says (path-style for Garage, MinIO and any endpoint, the way the
 * backend addresses them). Objects are read and written either whole (small check objects) or as
 * streams, never held whole (the objects a storage move copies).
 */
public final class S3Client {
    /** The payload hash of a streamed upload: the body is not hashed before it is sent (it is checked after). */
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    static final String EMPTY_SHA256 = Sha256.hex(new byte[0]);

    private final S3Addressing addressing;
    private final String region;
    private final SigV4.Credentials credentials;
    private final HttpTransport http;
    private final Clock clock;
    private final Duration timeout;

    /** Path-style requests to {@code endpoint}, as to Garage. */
    public S3Client(
            URI endpoint,
            String region,
            SigV4.Credentials credentials,
            HttpTransport http,
            Clock clock,
            Duration timeout) {
        this(S3Addressing.pathStyle(endpoint), region, credentials, http, clock, timeout);
    }

    public S3Client(
            S3Addressing addressing,
            String region,
            SigV4.Credentials credentials,
            HttpTransport http,
            Clock clock,
            Duration timeout) {
        this.addressing = addressing;
        this.region = region;
        this.credentials = credentials;
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    public S3Addressing addressing() {
        return addressing;
    }

    public void putObject(String bucket, String key, byte[] data) throws IOException, InterruptedException {
        exchange(signed("PUT", bucket, key, "", Sha256.hex(data), Map.of()).withBody(data));
    }

    public byte[] getObject(String bucket, String key) throws IOException, InterruptedException {
        return exchange(signed("GET", bucket, key, "", EMPTY_SHA256, Map.of())).body();
    }

    /** S3 answers 204 also when the object does not exist. */
    public void deleteObject(String bucket, String key) throws IOException, InterruptedException {
        exchange(signed("DELETE", bucket, key, "", EMPTY_SHA256, Map.of()));
    }

    /**
     * One page of ListObjectsV2 under {@code prefix}, after {@code continuationToken} (none for the
     * first page). Keys are asked URL-encoded (encoding-type=url, as botocore's paginator asks), so
     * that any key survives the XML, and decoded when the answer says they were.
     */
    public ObjectListing.Page listObjects(String bucket, String prefix, Optional<String> continuationToken, int maxKeys)
            throws IOException, InterruptedException {
        Map<String, String> query = new TreeMap<>();
        query.put("list-type", "2");
        query.put("encoding-type", "url");
        query.put("max-keys", Integer.toString(maxKeys));
        query.put("prefix", prefix);
        continuationToken.ifPresent(token -> query.put("continuation-token", token));
        StringBuilder canonical = new StringBuilder();
        query.forEach((name, value) -> canonical
                .append(canonical.length() == 0 ? "" : "&")
                .append(SigV4.encodeQueryComponent(name))
                .append('=')
                .append(SigV4.encodeQueryComponent(value)));
        Response response = exchange(signed("GET", bucket, "", canonical.toString(), EMPTY_SHA256, Map.of()));
        return ObjectListing.parse(response.body());
    }

    /** The object's size, ETag and x-amz-meta-* headers; empty when there is no such object. */
    public Optional<ObjectHead> headObject(String bucket, String key) throws IOException, InterruptedException {
        Request request = signed("HEAD", bucket, key, "", EMPTY_SHA256, Map.of());
        Response response = http.send(request);
        if (response.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(ObjectHead.of(checked(request, response).headers()));
    }

    /** The object's body as it arrives, with its head. Close it: an unread body holds its connection. */
    public ObjectStream openObject(String bucket, String key) throws IOException, InterruptedException {
        Request request = signed("GET", bucket, key, "", EMPTY_SHA256, Map.of());
        StreamedResponse response = http.stream(request);
        if (response.status() / 100 != 2) {
            try (response) {
                throw S3Error.fromResponse(
                        operation(request),
                        response.status(),
                        new String(response.body().readNBytes(64 * 1024), StandardCharsets.UTF_8));
            }
        }
        return new ObjectStream(ObjectHead.of(response.headers()), response.body());
    }

    /**
     * Writes {@code length} bytes of {@code body} to the object as they are read, with the payload
     * unsigned (S3's UNSIGNED-PAYLOAD) and {@code headers} (Content-Type, Content-MD5, x-amz-meta-*);
     * returns what the store answered about the object it stored (its ETag; its size is {@code length}).
     */
    public ObjectHead putObject(String bucket, String key, InputStream body, long length, Map<String, String> headers)
            throws IOException, InterruptedException {
        Request request =
                signed("PUT", bucket, key, "", UNSIGNED_PAYLOAD, headers).withBody(body, length);
        return ObjectHead.of(exchange(request).headers(), length);
    }

    /**
     * The signed request. Host, x-amz-date, x-amz-content-sha256 and every x-amz-* header are
     * signed (Garage insists on the last); the other headers go unsigned.
     */
    private Request signed(
            String method,
            String bucket,
            String key,
            String canonicalQuery,
            String payloadHash,
            Map<String, String> headers) {
        S3Addressing.Target target = addressing.target(bucket, key);
        Map<String, String> toSign = new LinkedHashMap<>();
        toSign.put("host", target.host());
        toSign.put("x-amz-content-sha256", payloadHash);
        toSign.put("x-amz-date", SigV4.amzDate(clock.instant()));
        headers.forEach((name, value) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith("x-amz-")) {
                toSign.put(name.toLowerCase(Locale.ROOT), value);
            }
        });
        String authorization = SigV4.authorization(
                credentials, region, "s3", method, target.canonicalPath(), canonicalQuery, toSign, payloadHash);
        // Host is set by HttpURLConnection itself, from the URL, as Target.host() computes it.
        Request request = Request.of(method, target.withQuery(canonicalQuery))
                .withTimeout(timeout)
                .withHeader("Authorization", authorization);
        for (Map.Entry<String, String> header : toSign.entrySet()) {
            if (!header.getKey().equals("host")) {
                request = request.withHeader(header.getKey(), header.getValue());
            }
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request = request.withHeader(header.getKey(), header.getValue());
        }
        return request;
    }

    private Response exchange(Request request) throws IOException, InterruptedException {
        return checked(request, http.send(request));
    }

    private static Response checked(Request request, Response response) throws S3Error {
        if (response.status() / 100 != 2) {
            throw S3Error.fromResponse(operation(request), response.status(), response.bodyText());
        }
        return response;
    }

    private static String operation(Request request) {
        return request.method() + " " + request.uri().getRawPath();
    }

    /** An object's body as it arrives, and what its answer's headers said. */
    public static final class ObjectStream extends FilterInputStream {
        private final ObjectHead head;

        ObjectStream(ObjectHead head, InputStream body) {
            super(body);
            this.head = head;
        }

        public ObjectHead head() {
            return head;
        }
    }
}
