package reflector.setup.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import reflector.setup.envfile.EnvFile;

/** Reads an env file the way Compose does, for assertions. */
public final class EnvFiles {
    private EnvFiles() {}

    public static EnvFile read(Path file) {
        try {
            return EnvFile.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String value(Path file, String key) {
        return read(file).get(key).orElseThrow(() -> new AssertionError(file + " has no " + key));
    }
}
