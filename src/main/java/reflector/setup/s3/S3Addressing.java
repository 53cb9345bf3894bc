package reflector.setup.s3;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a bucket's requests go, as the backend's boto client sends them (upstream v0.35.0,
 * server/reflector/storage/storage_aws.py): with TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL,
 * {@code addressing_style: path} at that endpoint ({@code endpoint/bucket/key}: Garage, MinIO and
 * the like); without one, AWS's own endpoint for the region, where botocore's default ("auto")
 * puts a bucket whose name DNS allows into the host name ({@code https://bucket.s3.region.amazonaws.com/key})
 * and any other bucket into the path. For us-east-1 botocore's default is the global host
 * {@code s3.amazonaws.com}.
 */
public final class S3Addressing {
    /**
     * The endpoint rules' isVirtualHostableS3Bucket without dots (over https a dotted name would not
     * match the certificate): 3 to 63 of a-z, 0-9 and '-', a letter or digit at both ends.
     */
    private static final Pattern VIRTUAL_HOSTABLE = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    private final URI endpoint;
    private final boolean virtualHosted;

    private S3Addressing(URI endpoint, boolean virtualHosted) {
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException("not an http or https URL with a host: " + endpoint);
        }
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        this.endpoint =
                URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path.replaceAll("/+$", ""));
        this.virtualHosted = virtualHosted;
    }

    /** Every bucket in the path of this endpoint (a path the endpoint has comes first, as botocore keeps it). */
    public static S3Addressing pathStyle(URI endpoint) {
        return new S3Addressing(endpoint, false);
    }

    /** AWS itself in {@code region}: virtual-hosted where the bucket's name allows it. */
    public static S3Addressing aws(String region) {
        String host = "us-east-1".equals(region) ? "s3.amazonaws.com" : "s3." + region + ".amazonaws.com";
        return new S3Addressing(URI.create("https://" + host), true);
    }

    /** As the backend addresses its storage: {@code endpointUrl} as TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL has it. */
    public static S3Addressing forBackend(Optional<String> endpointUrl, String region) {
        return endpointUrl
                .filter(url -> !url.isBlank())
                .map(url -> pathStyle(URI.create(url.strip())))
                .orElseGet(() -> aws(region));
    }

    /** A request to {@code bucket} (and {@code key}, empty for the bucket itself): its URL without query, and the path SigV4 signs. */
    Target target(String bucket, String key) {
        String base = endpoint.getRawPath();
        if (virtualHosted && virtualHostable(bucket)) {
            String path = SigV4.encodePath("/" + key);
            return new Target(
                    URI.create(endpoint.getScheme() + "://" + bucket + "." + endpoint.getRawAuthority() + path), path);
        }
        String path = base + SigV4.encodePath("/" + bucket + (key.isEmpty() ? "" : "/" + key));
        return new Target(URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path), path);
    }

    /** The URL of a bucket, for messages: {@code http://127.0.0.1:3900/reflector-media}. */
    public String describe(String bucket) {
        return target(bucket, "").uri().toString().replaceAll("/$", "");
    }

    static boolean virtualHostable(String bucket) {
        return VIRTUAL_HOSTABLE.matcher(bucket).matches();
    }

    @Override
    public String toString() {
        return (virtualHosted ? "virtual-hosted at " : "path-style at ") + endpoint;
    }

    /** {@code canonicalPath} is the URL's path exactly as sent (SigV4 signs S3 paths without encoding them again). */
    record Target(URI uri, String canonicalPath) {
        /** What HttpURLConnection sends as Host: the port only when it is not the scheme's default. */
        String host() {
            int port = uri.getPort();
            boolean defaultPort = port == -1 || port == ("https".equals(uri.getScheme()) ? 443 : 80);
            return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
        }

        URI withQuery(String canonicalQuery) {
            return canonicalQuery.isEmpty() ? uri : URI.create(uri + "?" + canonicalQuery);
        }
    }
}
