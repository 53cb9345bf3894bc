package reflector.setup.steps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The deployment bundle carried inside the jar (the repository's compose file, env templates and templates/). */
public final class Bundle {
    private Bundle() {}

    public static String read(String path) {
        try (InputStream in = Bundle.class.getResourceAsStream("/bundle/" + path)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no bundled " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
