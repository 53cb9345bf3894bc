package reflector.setup;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * A SecureRandom that sets up the JDK's default one on first use. Making one costs 15-35 ms
 * (provider lookup and seeding), which --help, --version, bad input and the day-two commands
 * never need.
 */
final class LazySecureRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    LazySecureRandom() {
        super(new Spi(), null);
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private transient SecureRandom real;

        private synchronized SecureRandom real() {
            if (real == null) {
                real = new SecureRandom();
            }
            return real;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            real().setSeed(seed);
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            real().nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return real().generateSeed(numBytes);
        }
    }
}
