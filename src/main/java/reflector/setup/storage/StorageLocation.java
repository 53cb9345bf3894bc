package reflector.setup.storage;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import reflector.setup.catalog.Service;
import reflector.setup.envfile.EnvFile;
import reflector.setup.s3.S3Addressing;

/**
 * Where the backend keeps its objects, as server/.env's TRANSCRIPT_STORAGE_AWS_* tell it (upstream
 * v0.35.0, server/reflector/storage/storage_aws.py): the endpoint (none: AWS itself), the bucket,
 * and the region its requests are signed for. A bucket setting {@code bucket/folder} puts every key
 * under {@code folder/}, as the backend does; the keys the database derives (a transcript's
 * {@code <id>/audio.mp3}) are the same in every location.
 *
 * @param endpointUrl TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL; empty for AWS
 * @param bucketName  TRANSCRIPT_STORAGE_AWS_BUCKET_NAME as written: {@code bucket} or {@code bucket/folder}
 */
public record StorageLocation(Optional<String> endpointUrl, String bucketName, String region) {
    /** What --garage writes: the compose file's Garage, inside the Docker network. */
    public static final StorageLocation GARAGE = new StorageLocation(
            Optional.of("http://" + Service.GARAGE.serviceName() + ":" + Service.GARAGE.port()),
            "reflector-media",
            "garage");
    /** The backend's defaults (settings.py) when a key is absent. */
    static final String DEFAULT_BUCKET = "reflector-bucket";

    static final String DEFAULT_REGION = "us-east-1";
    private static final Pattern AWS_HOST = Pattern.compile("s3([.-][a-z0-9-]+)?\\.amazonaws\\.com");

    public StorageLocation {
        endpointUrl = endpointUrl.map(String::strip).filter(url -> !url.isEmpty());
        if (bucket(bucketName).isEmpty()) {
            throw new IllegalArgumentException("no bucket in " + bucketName);
        }
    }

    /**
     * The storage server/.env gives the backend; empty when it gives none: another
     * TRANSCRIPT_STORAGE_BACKEND than aws, or no bucket (the template's empty value, which the
     * backend refuses).
     */
    public static Optional<StorageLocation> fromEnv(EnvFile env) {
        if (!"aws".equals(value(env, "TRANSCRIPT_STORAGE_BACKEND"))) {
            return Optional.empty();
        }
        String bucket = env.has("TRANSCRIPT_STORAGE_AWS_BUCKET_NAME")
                ? value(env, "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME")
                : DEFAULT_BUCKET;
        if (bucket(bucket).isEmpty()) {
            return Optional.empty();
        }
        String region =
                env.has("TRANSCRIPT_STORAGE_AWS_REGION") ? value(env, "TRANSCRIPT_STORAGE_AWS_REGION") : DEFAULT_REGION;
        return Optional.of(new StorageLocation(
                Optional.of(value(env, "TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL")),
                bucket,
                region.isEmpty() ? DEFAULT_REGION : region));
    }

    private static String value(EnvFile env, String key) {
        return env.get(key).orElse("").strip();
    }

    /** The bucket itself, without a folder. */
    public String bucket() {
        return bucket(bucketName);
    }

    private static String bucket(String bucketName) {
        int slash = bucketName.indexOf('/');
        return (slash < 0 ? bucketName : bucketName.substring(0, slash)).strip();
    }

    /** What every key of the backend starts with: {@code folder/}, or nothing. */
    public String prefix() {
        int slash = bucketName.indexOf('/');
        return slash < 0 ? "" : bucketName.substring(slash + 1) + "/";
    }

    /**
     * A listed key as the backend names it, below the folder: empty for the folder's own marker
     * object (which the backend skips too) or a key outside the folder.
     */
    public Optional<String> name(String key) {
        return key.startsWith(prefix()) && key.length() > prefix().length()
                ? Optional.of(key.substring(prefix().length()))
                : Optional.empty();
    }

    /** The key of a name (see {@link #name}) in this location. */
    public String key(String name) {
        return prefix() + name;
    }

    public boolean isGarage() {
        return sameStoreAs(GARAGE);
    }

    /** Whether both name the same objects: the same store (endpoint), bucket and folder; the region and key do not matter. */
    public boolean sameObjectsAs(StorageLocation other) {
        return sameStoreAs(other) && bucketName.strip().equals(other.bucketName.strip());
    }

    /** Whether both are in the same store: the same endpoint, or both AWS. */
    public boolean sameStoreAs(StorageLocation other) {
        return store().equals(other.store());
    }

    /** The endpoint without what does not change the store it names: case, default port, trailing slash; "aws" for AWS's own. */
    private String store() {
        if (endpointUrl.isEmpty()) {
            return "aws";
        }
        URI uri;
        try {
            uri = URI.create(endpointUrl.get());
        } catch (IllegalArgumentException e) {
            return endpointUrl.get();
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        String host = String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT);
        if (scheme.equals("https") && AWS_HOST.matcher(host).matches()) {
            return "aws";
        }
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return scheme + "://" + host + ":" + port + path;
    }

    /** How the backend addresses this bucket: path-style at the endpoint, or AWS's own for the region. */
    public S3Addressing addressing() {
        return S3Addressing.forBackend(endpointUrl, region);
    }

    /** For people: "Garage (bucket reflector-media)", "bucket media at https://minio.example.com:9000". */
    public String describe() {
        if (isGarage()) {
            return "Garage (bucket " + bucketName + ")";
        }
        String folder = prefix().isEmpty() ? "" : ", folder " + prefix();
        return "bucket " + bucket() + folder + " at " + endpointUrl.orElse("AWS S3 (" + region + ")");
    }

    @Override
    public String toString() {
        return describe();
    }
}
