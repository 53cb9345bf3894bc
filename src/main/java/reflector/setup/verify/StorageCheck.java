package reflector.setup.verify;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import reflector.setup.s3.S3Client;
import reflector.setup.s3.S3Error;

/**
 * Proves that the backend's storage credentials work: an object is written, read back, compared
 * and deleted, with the same key and bucket the backend uses. The delete is always tried, so a
 * failed read leaves nothing behind.
 */
public final class StorageCheck {
    static final String KEY_PREFIX = "reflector-setup-check/";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String accessKeyId;
    private final String region;

    public StorageCheck(S3Client s3, String bucket, String accessKeyId, String region) {
        this(s3, bucket, "", accessKeyId, region);
    }

    /** {@code prefix}: the folder the backend's keys are in ({@code folder/}, from a bucket setting {@code bucket/folder}), or "". */
    public StorageCheck(S3Client s3, String bucket, String prefix, String accessKeyId, String region) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.accessKeyId = accessKeyId;
        this.region = region;
    }

    /** Returns what was proven, for the run's notes. */
    public String run(SecureRandom random) throws CheckFailed, InterruptedException {
        byte[] id = new byte[8];
        random.nextBytes(id);
        String key = prefix + KEY_PREFIX + HexFormat.of().formatHex(id);
        byte[] content = new byte[64];
        random.nextBytes(content);
        CheckFailed failure = null;
        try {
            s3.putObject(bucket, key, content);
            byte[] read = s3.getObject(bucket, key);
            if (!Arrays.equals(content, read)) {
                failure = new CheckFailed(
                        "storage: the object read back from " + bucket + "/" + key + " differs from the one written ("
                                + read.length + " bytes instead of " + content.length + ")");
            }
        } catch (IOException e) {
            failure = explain("writing and reading an object", e);
        } finally {
            failure = delete(key, failure);
        }
        if (failure != null) {
            throw failure;
        }
        return "storage: wrote, read and deleted an object in " + bucket;
    }

    private CheckFailed delete(String key, CheckFailed earlier) throws InterruptedException {
        try {
            s3.deleteObject(bucket, key);
            return earlier;
        } catch (IOException e) {
            if (earlier != null) {
                earlier.addSuppressed(e);
                return earlier;
            }
            return explain("deleting the check object " + bucket + "/" + key, e);
        }
    }

    /** Garage answers AccessDenied for all three refusals and tells them apart only in its message. */
    CheckFailed explain(String what, IOException e) {
        String prefix = "storage: " + what + " failed: ";
        if (!(e instanceof S3Error error)) {
            return new CheckFailed(prefix + "the S3 API did not answer (" + CheckFailed.reason(e) + ")", e);
        }
        String message = error.s3Message();
        String reason =
                switch (error.code()) {
                    case "InvalidAccessKeyId" -> unknownKey();
                    case "SignatureDoesNotMatch" -> wrongSecret();
                    case "NoSuchBucket" -> "the bucket " + bucket + " does not exist (NoSuchBucket)";
                    case "AuthorizationHeaderMalformed" -> "the S3 API refused the region " + region
                            + " (AuthorizationHeaderMalformed): TRANSCRIPT_STORAGE_AWS_REGION must be the region the S3 API signs for (Garage: its s3_region)";
                    case "PermanentRedirect" -> "the bucket " + bucket + " is in another region than " + region
                            + " (PermanentRedirect): set TRANSCRIPT_STORAGE_AWS_REGION (--s3-region) to the bucket's region";
                    case "AccessDenied" -> message.contains("No such key")
                            ? unknownKey()
                            : message.contains("Invalid signature")
                                    ? wrongSecret()
                                    : "the key " + accessKeyId + " lacks read/write permission on the bucket " + bucket
                                            + " (AccessDenied" + (message.isEmpty() ? "" : ": " + message) + ")";
                    default -> error.getMessage();
                };
        return new CheckFailed(prefix + reason, e);
    }

    private String unknownKey() {
        return "the S3 API does not know the access key " + accessKeyId
                + " (TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID in server/.env; InvalidAccessKeyId)";
    }

    private String wrongSecret() {
        return "the signature was refused (SignatureDoesNotMatch): TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY in "
                + "server/.env is not the secret of the key " + accessKeyId;
    }
}
