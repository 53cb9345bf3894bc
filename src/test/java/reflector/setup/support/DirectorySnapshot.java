package reflector.setup.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file under a directory with its bytes and permissions, to prove a run changed nothing. */
public record DirectorySnapshot(Map<String, String> files) {

    public static DirectorySnapshot of(Path dir) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return new DirectorySnapshot(files);
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.forEach(path -> {
                try {
                    String key = dir.relativize(path).toString();
                    if (Files.isDirectory(path)) {
                        files.put(key + "/", "dir");
                    } else {
                        files.put(
                                key,
                                PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) + "\n"
                                        + Files.readString(path));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DirectorySnapshot(files);
    }
}
