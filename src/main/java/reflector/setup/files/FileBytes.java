package reflector.setup.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How a file's bytes are read: from the disk, or counted in a test that each file is read once. */
@FunctionalInterface
public interface FileBytes {
    FileBytes DISK = Files::readAllBytes;

    byte[] read(Path path) throws IOException;
}
