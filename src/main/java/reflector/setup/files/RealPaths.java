package reflector.setup.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A path with every symbolic link resolved, also when its last parts do not exist yet: the real
 * path of the longest existing prefix, followed by the rest. Two names for the same deployment
 * directory give the same real path, even before it is created.
 */
public final class RealPaths {
    private RealPaths() {}

    public static Path of(Path path) {
        Path absolute = path.toAbsolutePath();
        Path existing = absolute;
        Path rest = absolute.getFileSystem().getPath("");
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute.normalize();
        }
        try {
            return existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            // A dangling link, or a parent that cannot be searched: the name is the best there is.
            return absolute.normalize();
        }
    }
}
