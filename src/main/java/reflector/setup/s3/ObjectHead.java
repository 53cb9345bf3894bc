package reflector.setup.s3;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an object's GET, HEAD or PUT answer says about it: its size, its ETag (without quotes),
 * its Content-Type, its user metadata (x-amz-meta-*, names in lower case), and whether the ETag is
 * the MD5 of its bytes.
 *
 * @param contentMd5 the MD5 of the object's bytes, when the ETag is one: S3, MinIO and Garage make
 *     a single-part upload's ETag so. Not for a multipart upload's ({@code md5-of-the-parts'-md5s-N},
 *     which says nothing about the bytes as a whole), nor for AWS's SSE-KMS and SSE-C objects, whose
 *     ETag looks like an MD5 but is not one (the answer names their encryption)
 */
public record ObjectHead(
        long size,
        String etag,
        Optional<String> contentType,
        Map<String, String> metadata,
        Optional<String> contentMd5) {
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    public ObjectHead {
        metadata = Map.copyOf(metadata);
    }

    /** {@code size}: -1 when the answer has no Content-Length (a PUT's answer carries the size of its own body). */
    static ObjectHead of(Map<String, List<String>> headers, long size) {
        Map<String, String> metadata = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (name.startsWith("x-amz-meta-") && !values.isEmpty()) {
                metadata.put(name, values.get(0));
            }
        });
        String etag = unquote(first(headers, "etag").orElse(""));
        String encryption =
                first(headers, "x-amz-server-side-encryption").orElse("").toLowerCase(Locale.ROOT);
        boolean notMd5 = encryption.startsWith("aws:kms")
                || headers.containsKey("x-amz-server-side-encryption-customer-algorithm");
        return new ObjectHead(
                size,
                etag,
                first(headers, "content-type"),
                metadata,
                MD5_HEX.matcher(etag).matches() && !notMd5 ? Optional.of(etag) : Optional.empty());
    }

    /** A GET's or HEAD's answer: the size is its Content-Length. */
    static ObjectHead of(Map<String, List<String>> headers) {
        long size;
        try {
            size = Long.parseLong(first(headers, "content-length").orElse("").strip());
        } catch (NumberFormatException e) {
            size = -1;
        }
        return of(headers, size);
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.getOrDefault(name, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** An ETag as S3 sends it, {@code "..."} (also W/"..."), without its quotes. */
    public static String unquote(String etag) {
        String value = etag.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
