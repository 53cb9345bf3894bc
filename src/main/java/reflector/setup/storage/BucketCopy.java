package reflector.setup.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import reflector.setup.s3.ObjectHead;
import reflector.setup.s3.ObjectListing;
import reflector.setup.s3.S3Client;
import reflector.setup.s3.S3Error;

/**
 * Copies every object of one location to another through the S3 APIs, under the same name (the
 * key below each location's folder: what the database's rows derive their keys from).
 *
 * <ul>
 * <li><b>Streamed</b>: each object goes from the GET's body into the PUT's as it arrives, never held
 *     whole in memory or on disk.</li>
 * <li><b>Verified</b>: its MD5 and SHA-256 are computed on the way. The bytes read must match the
 *     old store's ETag when that is their MD5 (and the PUT carries it as Content-MD5, so the new
 *     store refuses a body that does not); the new store's ETag must be the same MD5, or, where its
 *     ETag is no MD5 (SSE-KMS), the copy is read back and its SHA-256 compared. A copy that fails a
 *     check is deleted, and the copy stops with {@link CopyFailed}.</li>
 * <li><b>Resumable</b>: an object the new location already holds with the same size and checksum
 *     (the same ETag, or the old ETag recorded on the copy as {@value #SOURCE_ETAG}) is skipped, so
 *     a copy that was interrupted continues where it stopped.</li>
 * </ul>
 */
public final class BucketCopy {
    /** The ETag the copied object had in the old location, kept on the copy for a later run's comparison. */
    public static final String SOURCE_ETAG = "x-amz-meta-reflector-setup-source-etag";

    private final S3Client from;
    private final StorageLocation source;
    private final S3Client to;
    private final StorageLocation target;
    private final int pageSize;

    /** What a copy tells as it goes. */
    public interface Listener {
        /** The body of an object about to be copied; a listener may wrap it, to count its bytes. */
        default InputStream reading(String name, long size, InputStream body) {
            return body;
        }

        default void copied(String name, long size) {}

        default void skipped(String name, long size) {}
    }

    /** What a pass did: objects (and bytes) copied, and those found already there. */
    public record Result(long copied, long copiedBytes, long skipped, long skippedBytes) {
        Result plusCopied(long size) {
            return new Result(copied + 1, copiedBytes + size, skipped, skippedBytes);
        }

        Result plusSkipped(long size) {
            return new Result(copied, copiedBytes, skipped + 1, skippedBytes + size);
        }
    }

    public BucketCopy(S3Client from, StorageLocation source, S3Client to, StorageLocation target) {
        this(from, source, to, target, ObjectListing.PAGE_SIZE);
    }

    /** {@code pageSize}: the objects asked for per listing page (S3's maximum is 1000). */
    public BucketCopy(S3Client from, StorageLocation source, S3Client to, StorageLocation target, int pageSize) {
        if (nested(source, target)) {
            throw new IllegalArgumentException(
                    "cannot copy " + source + " into " + target + ": one is a folder of the other in the same bucket");
        }
        this.from = from;
        this.source = source;
        this.to = to;
        this.target = target;
        this.pageSize = pageSize;
    }

    /** Two locations whose keys overlap (one bucket, one folder inside the other): a copy would list what it copies. */
    public static boolean nested(StorageLocation a, StorageLocation b) {
        return a.sameStoreAs(b)
                && a.bucket().equals(b.bucket())
                && (a.prefix().startsWith(b.prefix()) || b.prefix().startsWith(a.prefix()));
    }

    /**
     * One pass over the old location: every object that is not in the new one yet is copied and
     * checked. Objects written to the old location during the pass may be left for another pass.
     */
    public Result copy(Listener listener) throws IOException, InterruptedException {
        Map<String, ObjectListing.Entry> present = new HashMap<>();
        ObjectListing.forEachPage(to, target.bucket(), target.prefix(), pageSize, entries -> {
            for (ObjectListing.Entry entry : entries) {
                target.name(entry.key()).ifPresent(name -> present.put(name, entry));
            }
        });
        Result[] result = {new Result(0, 0, 0, 0)};
        ObjectListing.forEachPage(from, source.bucket(), source.prefix(), pageSize, entries -> {
            for (ObjectListing.Entry entry : entries) {
                Optional<String> name = source.name(entry.key());
                if (name.isEmpty()) {
                    continue;
                }
                if (alreadyThere(entry, present.get(name.get()), name.get())) {
                    listener.skipped(name.get(), entry.size());
                    result[0] = result[0].plusSkipped(entry.size());
                } else {
                    long size = copyOne(entry, name.get(), listener);
                    listener.copied(name.get(), size);
                    result[0] = result[0].plusCopied(size);
                }
            }
        });
        return result[0];
    }

    /** The same size, and the same ETag or the old one recorded on the copy. */
    private boolean alreadyThere(ObjectListing.Entry entry, ObjectListing.Entry copy, String name)
            throws IOException, InterruptedException {
        if (copy == null || copy.size() != entry.size() || entry.etag().isEmpty()) {
            return false;
        }
        if (entry.etag().equals(copy.etag())) {
            return true;
        }
        Optional<ObjectHead> head = to.headObject(target.bucket(), target.key(name));
        return head.isPresent()
                && head.get().size() == entry.size()
                && entry.etag().equals(head.get().metadata().get(SOURCE_ETAG));
    }

    /** Copies one object and checks the copy; returns its size. */
    private long copyOne(ObjectListing.Entry entry, String name, Listener listener)
            throws IOException, InterruptedException {
        String targetKey = target.key(name);
        MessageDigest md5 = digest("MD5");
        MessageDigest sha256 = digest("SHA-256");
        ObjectHead read;
        ObjectHead stored;
        try (S3Client.ObjectStream body = from.openObject(source.bucket(), entry.key())) {
            read = body.head();
            long size = read.size() >= 0 ? read.size() : entry.size();
            InputStream counted =
                    listener.reading(name, size, new DigestInputStream(new DigestInputStream(body, md5), sha256));
            try {
                stored = to.putObject(target.bucket(), targetKey, counted, size, headers(read));
            } catch (S3Error e) {
                if (e.code().equals("InvalidDigest") || e.code().equals("BadDigest")) {
                    throw new CopyFailed(
                            name + ": checksum mismatch: " + target + " refused the bytes read from " + source
                                    + " (their MD5 is not the " + read.etag() + " its ETag says: " + e.code() + ")",
                            e);
                }
                throw new CopyFailed(name + ": writing it to " + target + " failed: " + e.getMessage(), e);
            }
        }
        String md5Hex = HexFormat.of().formatHex(md5.digest());
        String sha256Hex = HexFormat.of().formatHex(sha256.digest());
        if (read.contentMd5().isPresent() && !read.contentMd5().get().equals(md5Hex)) {
            throw deleted(
                    targetKey,
                    new CopyFailed(name + ": checksum mismatch: the bytes read from " + source + " have the MD5 "
                            + md5Hex + ", its ETag says " + read.contentMd5().get()));
        }
        if (stored.contentMd5().isPresent()) {
            if (!stored.contentMd5().get().equals(md5Hex)) {
                throw deleted(
                        targetKey,
                        new CopyFailed(
                                name + ": checksum mismatch: " + target + " stored an object whose " + "ETag (MD5) is "
                                        + stored.contentMd5().get() + ", the bytes sent have the MD5 " + md5Hex));
            }
        } else {
            String readBack = sha256Of(targetKey);
            if (!readBack.equals(sha256Hex)) {
                throw deleted(
                        targetKey,
                        new CopyFailed(name + ": checksum mismatch: the copy read back from " + target
                                + " has the SHA-256 " + readBack + ", the bytes sent " + sha256Hex));
            }
        }
        return stored.size();
    }

    /** What the copy is written with: the old object's Content-Type and user metadata, its ETag, and Content-MD5 when known. */
    private static Map<String, String> headers(ObjectHead read) {
        Map<String, String> headers = new LinkedHashMap<>();
        read.contentType().ifPresent(type -> headers.put("Content-Type", type));
        read.metadata().forEach((name, value) -> {
            if (!name.equals(SOURCE_ETAG)) {
                headers.put(name, value);
            }
        });
        if (!read.etag().isEmpty()) {
            headers.put(SOURCE_ETAG, read.etag());
        }
        read.contentMd5()
                .ifPresent(md5 -> headers.put(
                        "Content-MD5",
                        Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5))));
        return headers;
    }

    private String sha256Of(String key) throws IOException, InterruptedException {
        MessageDigest sha256 = digest("SHA-256");
        try (InputStream in = new DigestInputStream(to.openObject(target.bucket(), key), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** A copy that failed its check is not left where the backend would read it. */
    private CopyFailed deleted(String key, CopyFailed failure) throws InterruptedException {
        try {
            to.deleteObject(target.bucket(), key);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    /** A copy stopped: an object could not be read, written or verified. What was copied before stays. */
    public static final class CopyFailed extends IOException {
        private static final long serialVersionUID = 1L;

        CopyFailed(String message) {
            super(message);
        }

        CopyFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
