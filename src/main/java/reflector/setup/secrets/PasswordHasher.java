package reflector.setup.secrets;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Produces and checks {@code ADMIN_PASSWORD_HASH} values in the format Reflector's backend
 * ({@code reflector/auth/password_utils.py}) verifies:
 * {@code pbkdf2:sha256:100000$<salt>$<hash>}, where {@code <salt>} is the 32-character lower-case
 * hex text of 16 random bytes and the UTF-8 bytes of that text (not the decoded bytes) are the
 * PBKDF2 salt, and {@code <hash>} is the 32-byte derived key in lower-case hex.
 *
 * <p>The JDK's {@code PBKDF2WithHmacSHA256} encodes the password as UTF-8, as the backend's
 * {@code password.encode("utf-8")} does, for every well-formed text; but it silently turns an
 * unpaired surrogate into {@code '?'}, where Python raises. Such a password is therefore refused
 * before hashing ({@link #isUtf8}) instead of being stored as a hash of its {@code '?'} variant.
 */
public final class PasswordHasher {

    static final int ITERATIONS = 100_000;
    private static final String PREFIX = "pbkdf2:sha256:";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    // Bounds the work a malformed or hostile stored value can make verify() do.
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final HexFormat HEX = HexFormat.of();

    private PasswordHasher() {}

    /** False when the password has an unpaired surrogate: it has no UTF-8 encoding, and the backend could not check it. */
    public static boolean isUtf8(char[] password) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(CharBuffer.wrap(password));
    }

    /**
     * Hashes {@code password} with a fresh salt.
     *
     * @throws IllegalArgumentException if the password is not {@linkplain #isUtf8 UTF-8 text}
     */
    public static String hash(char[] password, SecureRandom random) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(random, "random");
        if (!isUtf8(password)) {
            throw new IllegalArgumentException("password is not valid Unicode (unpaired surrogate)");
        }
        byte[] saltBytes = new byte[SALT_BYTES];
        random.nextBytes(saltBytes);
        String salt = HEX.formatHex(saltBytes);
        return PREFIX + ITERATIONS + "$" + salt + "$" + HEX.formatHex(pbkdf2(password, salt, ITERATIONS));
    }

    /**
     * Checks {@code password} against a stored value the way the backend does. Only
     * {@code pbkdf2:sha256:<iterations>} values are understood; anything malformed yields
     * {@code false}.
     */
    public static boolean verify(char[] password, String stored) {
        if (password == null || stored == null || !isUtf8(password)) {
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
        String salt = stored.substring(first + 1, second);
        // The JDK refuses an empty salt; the installer and the backend never write one.
        if (iterations < 1 || salt.isEmpty()) {
            return false;
        }
        byte[] actual = HEX.formatHex(pbkdf2(password, salt, iterations)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(actual, stored.substring(second + 1).getBytes(StandardCharsets.UTF_8));
    }

    private static int parseIterations(String text) {
        if (text.isEmpty() || text.length() > 8 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int value = Integer.parseInt(text);
        return value <= MAX_ITERATIONS ? value : -1;
    }

    /** The salt is the UTF-8 bytes of its hex text, as in the backend's {@code salt.encode("utf-8")}. */
    private static byte[] pbkdf2(char[] password, String salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt.getBytes(StandardCharsets.UTF_8), iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }
}
