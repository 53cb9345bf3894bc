package reflector.setup.verify;

import reflector.setup.text.Sha256;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import reflector.setup.http.HttpTransport;
import reflector.setup.http.Request;
import reflector.setup.http.Response;

/**
 * The few S3 object calls the installer needs, path-style ({@code endpoint/bucket/key}) and signed
 * with {@link SigV4} in the Authorization header, as Garage expects.
 */
public final class S3Client {
    private final URI endpoint;
    private final String region;
    private final SigV4.Credentials credentials;
    private final HttpTransport http;
    private final Clock clock;
    private final Duration timeout;

    public S3Client(URI endpoint, String region, SigV4.Credentials credentials, HttpTransport http, Clock clock,
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
        String payloadHash = Sha256.hex(payload);
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("host", hostHeader(endpoint));
        signed.put("x-amz-content-sha256", payloadHash);
        signed.put("x-amz-date", SigV4.amzDate(clock.instant()));
        String authorization = SigV4.authorization(credentials, region, "s3", method, path, "", signed, payloadHash);
        // Host is set by HttpURLConnection itself, from the URL, the same way hostHeader computes it; Content-Length,
        // which it also sets, is not signed.
        URI uri = URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path);
        Request request = Request.of(method, uri).withTimeout(timeout)
                .withHeader("x-amz-content-sha256", payloadHash)
                .withHeader("x-amz-date", signed.get("x-amz-date"))
                .withHeader("Authorization", authorization);
        Response response = http.send(method.equals("PUT") ? request.withBody(payload) : request);
        if (response.status() / 100 != 2) {
            throw S3Error.fromResponse(method + " " + path, response.status(), response.bodyText());
        }
        return response.body();
    }

    /** What HttpURLConnection sends as Host: the port only when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == ("https".equals(uri.getScheme()) ? 443 : 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }
}
