package reflector.setup.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import reflector.setup.text.Sha256;

/**
 * AWS Signature Version 4 for header authentication (docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).
 * S3 signs the path as sent, without encoding it a second time, so callers pass the canonical
 * (already encoded) path; see {@link #encodePath}.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** An access key. The secret never appears in {@link #toString()}. */
    public record Credentials(String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + "]";
        }
    }

    private SigV4() {}

    public static String amzDate(Instant instant) {
        return AMZ_DATE.format(instant);
    }

    /**
     * The Authorization header value. {@code headers} are the headers to sign (names in any
     * case); they must include host, x-amz-date and x-amz-content-sha256.
     */
    public static String authorization(
            Credentials credentials,
            String region,
            String service,
            String method,
            String canonicalPath,
            String canonicalQuery,
            Map<String, String> headers,
            String payloadSha256) {
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value.strip()));
        String amzDate = signed.get("x-amz-date");
        if (amzDate == null || !signed.containsKey("host")) {
            throw new IllegalArgumentException("the host and x-amz-date headers must be signed");
        }
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        String signedHeaders = String.join(";", signed.keySet());
        String request = canonicalRequest(method, canonicalPath, canonicalQuery, signed, payloadSha256);
        String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + Sha256.hex(request);
        byte[] key = signingKey(credentials.secretAccessKey(), amzDate.substring(0, 8), region, service);
        String signature = HexFormat.of().formatHex(hmac(key, toSign));
        return ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    static String canonicalRequest(
            String method,
            String canonicalPath,
            String canonicalQuery,
            TreeMap<String, String> signedHeaders,
            String payloadSha256) {
        String headerLines = signedHeaders.entrySet().stream()
                .map(header -> header.getKey() + ":" + header.getValue() + "\n")
                .collect(Collectors.joining());
        return method + "\n" + canonicalPath + "\n" + canonicalQuery + "\n" + headerLines + "\n"
                + String.join(";", signedHeaders.keySet()) + "\n" + payloadSha256;
    }

    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    /** Each path segment URI-encoded as SigV4 asks: unreserved characters kept, the rest %XX in upper case. */
    public static String encodePath(String path) {
        return encode(path, "-._~/");
    }

    /** A query parameter's name or value as the canonical query (and the URL) has it: '/' encoded too. */
    public static String encodeQueryComponent(String value) {
        return encode(value, "-._~");
    }

    private static String encode(String text, String keep) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || keep.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
