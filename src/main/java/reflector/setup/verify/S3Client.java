package reflector.setup.verify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few S3 object calls the installer needs, path-style ({@code endpoint/bucket/key}) and signed
 * with {@link SigV4} in the Authorization header, as Garage expects.
 */
public final class S3Client {
    private final URI endpoint;
    private final String region;
    private final SigV4.Credentials credentials;
    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;

    public S3Client(URI endpoint, String region, SigV4.Credentials credentials, HttpClient http, Clock clock,
            Duration timeout) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    public void putObject(String bucket, String key, byte[] data) throws IOException, InterruptedException {
        send("PUT", bucket, key, data);
    }

    public byte[] getObject(String bucket, String key) throws IOException, InterruptedException {
        return send("GET", bucket, key, new byte[0]);
    }

    /** S3 answers 204 also when the object does not exist. */
    public void deleteObject(String bucket, String key) throws IOException, InterruptedException {
        send("DELETE", bucket, key, new byte[0]);
    }

    private byte[] send(String method, String bucket, String key, byte[] payload) throws IOException, InterruptedException {
        String path = SigV4.encodePath("/" + bucket + "/" + key);
        String payloadHash = SigV4.sha256Hex(payload);
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("host", hostHeader(endpoint));
        signed.put("x-amz-content-sha256", payloadHash);
        signed.put("x-amz-date", SigV4.amzDate(clock.instant()));
        String authorization = SigV4.authorization(credentials, region, "s3", method, path, "", signed, payloadHash);
        // Host is set by the HTTP client itself, from the URI, the same way hostHeader computes it.
        URI uri = URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path);
        // HTTP/1.1 whatever the client's default: no h2c upgrade headers beside the signed ones.
        HttpRequest request = HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1)
                .timeout(timeout)
                .header("x-amz-content-sha256", payloadHash)
                .header("x-amz-date", signed.get("x-amz-date"))
                .header("Authorization", authorization)
                .method(method, payload.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw S3Error.fromResponse(method + " " + path, response.statusCode(),
                    new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    /** What java.net.http sends as Host: the port only when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == ("https".equals(uri.getScheme()) ? 443 : 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }
}
