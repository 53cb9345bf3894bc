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

    @Test
    void placeholders() {
        for (String value : new String[] {null, "", "   ", "changeme", "CHANGEME", "ChangeMe-please",
                "changeme_generate_with_openssl"}) {
            assertTrue(SecretGenerator.isPlaceholder(value), String.valueOf(value));
        }
        for (String value : new String[] {"change", "pleasechangeme", "0f3a", "x changeme", "chang3me"}) {
            assertFalse(SecretGenerator.isPlaceholder(value), value);
        }
    }
}
