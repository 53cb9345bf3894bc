package reflector.setup.secrets;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/** Random secrets for the generated configuration, and detection of values still to be filled in. */
public final class SecretGenerator {

    private static final int SECRET_BYTES = 32;
    private static final String PLACEHOLDER_PREFIX = "changeme";

    private SecretGenerator() {}

    /** 32 random bytes as 64 lower-case hex characters. */
    public static String hex32(SecureRandom random) {
        return HexFormat.of().formatHex(randomBytes(random));
    }

    /** 32 random bytes in standard, padded base64 (44 characters), as Garage's admin token. */
    public static String base64_32(SecureRandom random) {
        return Base64.getEncoder().encodeToString(randomBytes(random));
    }

    /**
     * True when a value has not been set for real: {@code null}, empty or only whitespace, or
     * starting with {@code changeme} in any letter case (the example files' convention, e.g.
     * {@code changeme-generate-a-secret}).
     */
    public static boolean isPlaceholder(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        // regionMatches rather than toLowerCase(): immune to the default locale (Turkish 'I').
        return value.regionMatches(true, 0, PLACEHOLDER_PREFIX, 0, PLACEHOLDER_PREFIX.length());
    }

    private static byte[] randomBytes(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }
}
