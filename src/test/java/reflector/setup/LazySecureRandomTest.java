package reflector.setup;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LazySecureRandomTest {
    @Test
    void producesDifferentBytesLikeTheRealOne() {
        LazySecureRandom random = new LazySecureRandom();
        byte[] first = new byte[32];
        byte[] second = new byte[32];
        random.nextBytes(first);
        random.nextBytes(second);
        assertFalse(Arrays.equals(first, second));
        assertFalse(Arrays.equals(first, new byte[32]));
    }
}
