package reflector.setup.secrets;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Produces and checks {@code ADMIN_PASSWORD_HASH} values in the format Reflector's backend
 * ({@code reflector/auth/password_utils.py}) verifies:
 * {@code pbkdf2:sha256:100000$<salt>$<hash>}, where {@code <salt>} is the 32-character lower-case
 * hex text of 16 random bytes and the UTF-8 bytes of that text (not the decoded bytes) are the
 * PBKDF2 salt, and {@code <hash>} is the 32-byte derived key in lower-case hex.
 *
 * <p>PBKDF2 is computed here with {@link Mac} over strictly encoded UTF-8 bytes rather than with
 * {@code SecretKeyFactory("PBKDF2WithHmacSHA256")}. The JDK factory does encode {@code char[]}
 * passwords as UTF-8 and matches Python for every well-formed string (including supplementary
 * characters such as emoji), but it silently replaces an unpaired surrogate with {@code '?'},
 * whereas Python's {@code str.encode("utf-8")} raises. Encoding ourselves lets us refuse such
 * passwords instead of storing a hash that collides with the {@code '?'} variant.
 */
public final class PasswordHasher {

    static final int ITERATIONS = 100_000;
    private static final String PREFIX = "pbkdf2:sha256:";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int HMAC_BLOCK_BYTES = 64;
    // Bounds the work a malformed or hostile stored value can make verify() do.
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final HexFormat HEX = HexFormat.of();

    private PasswordHasher() {
    }

    /**
     * Hashes {@code password} with a fresh salt.
     *
     * @throws IllegalArgumentException if the password contains an unpaired surrogate, which has no
     *     UTF-8 encoding and would make the backend's {@code password.encode("utf-8")} fail
     */
    public static String hash(char[] password, SecureRandom random) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(random, "random");
        byte[] saltBytes = new byte[SALT_BYTES];
        random.nextBytes(saltBytes);
        String salt = HEX.formatHex(saltBytes);
        Arrays.fill(saltBytes, (byte) 0);

        byte[] passwordBytes = utf8(password);
        if (passwordBytes == null) {
            throw new IllegalArgumentException("password is not valid Unicode (unpaired surrogate)");
        }
        byte[] derived = pbkdf2(passwordBytes, salt.getBytes(StandardCharsets.UTF_8), ITERATIONS);
        Arrays.fill(passwordBytes, (byte) 0);
        String hex = HEX.formatHex(derived);
        Arrays.fill(derived, (byte) 0);
        return PREFIX + ITERATIONS + "$" + salt + "$" + hex;
    }

    /**
     * Checks {@code password} against a stored value the way the backend does. Only
     * {@code pbkdf2:sha256:<iterations>} values are understood; anything malformed yields
     * {@code false}.
     */
    public static boolean verify(char[] password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        // Mirrors the backend's password_hash.split("$", 2): the hash part may itself contain '$'
        // (it then simply never matches).
        int first = stored.indexOf('$');
        int second = first < 0 ? -1 : stored.indexOf('$', first + 1);
        if (second < 0 || !stored.startsWith(PREFIX)) {
            return false;
        }
        int iterations = parseIterations(stored.substring(PREFIX.length(), first));
        if (iterations < 1) {
            return false;
        }
        String salt = stored.substring(first + 1, second);
        String expectedHex = stored.substring(second + 1);

        byte[] passwordBytes = utf8(password);
        if (passwordBytes == null) {
            return false;
        }
        byte[] derived = pbkdf2(passwordBytes, salt.getBytes(StandardCharsets.UTF_8), iterations);
        Arrays.fill(passwordBytes, (byte) 0);
        byte[] actual = HEX.formatHex(derived).getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(derived, (byte) 0);
        boolean same = MessageDigest.isEqual(actual, expectedHex.getBytes(StandardCharsets.UTF_8));
        Arrays.fill(actual, (byte) 0);
        return same;
    }

    private static int parseIterations(String text) {
        if (text.isEmpty() || text.length() > 8 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int value = Integer.parseInt(text);
        return value <= MAX_ITERATIONS ? value : -1;
    }

    /** Strict UTF-8 encoding; {@code null} if the text contains an unpaired surrogate. */
    private static byte[] utf8(char[] text) {
        ByteBuffer buffer;
        try {
            buffer = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            return null;
        }
        byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }

    /** PBKDF2-HMAC-SHA256 (RFC 8018); one output block suffices because dkLen equals hLen. */
    private static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
        // SecretKeySpec rejects an empty key, but HMAC zero-pads short keys to the block size, so
        // an all-zero block is the same key (Python accepts empty passwords).
        byte[] key = password.length == 0 ? new byte[HMAC_BLOCK_BYTES] : password;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1});
            byte[] u = mac.doFinal();
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                mac.update(u);
                mac.doFinal(u, 0);
                for (int j = 0; j < HASH_BYTES; j++) {
                    result[j] ^= u[j];
                }
            }
            Arrays.fill(u, (byte) 0);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
