package reflector.setup.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretGeneratorTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void hex32IsSixtyFourLowerCaseHexCharacters() {
        String secret = SecretGenerator.hex32(random);
        assertTrue(secret.matches("[0-9a-f]{64}"), secret);
        assertNotEquals(secret, SecretGenerator.hex32(random));
    }

    @Test
    void base64OfThirtyTwoBytes() {
        String token = SecretGenerator.base64_32(random);
        assertEquals(44, token.length());
        assertTrue(token.matches("[A-Za-z0-9+/]{43}="), token);
        assertEquals(32, Base64.getDecoder().decode(token).length);
        assertNotEquals(token, SecretGenerator.base64_32(random));
    }

    /** What is written is the random bytes: a copy wiped before it was encoded would be all zeros. */
    @Test
    void theSecretsAreTheRandomBytes() {
        SecureRandom counting = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (i + 1);
                }
            }
        };
        assertEquals(
                "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20", SecretGenerator.hex32(counting));
        byte[] decoded = Base64.getDecoder().decode(SecretGenerator.base64_32(counting));
        for (int i = 0; i < decoded.length; i++) {
            assertEquals(i + 1, decoded[i]);
        }
    }

    @Test
    void placeholders() {
        for (String value : new String[] {
            null, "", "   ", "changeme", "CHANGEME", "ChangeMe-please", "changeme_generate_with_openssl"
        }) {
            assertTrue(SecretGenerator.isPlaceholder(value), String.valueOf(value));
        }
        for (String value : new String[] {"change", "pleasechangeme", "0f3a", "x changeme", "chang3me"}) {
            assertFalse(SecretGenerator.isPlaceholder(value), value);
        }
    }
}
