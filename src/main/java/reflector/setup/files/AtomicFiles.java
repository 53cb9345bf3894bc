package reflector.setup.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see the old or the new content, never a mix: a temporary file
 * in the same directory, created with the final permissions (a secret is never readable by
 * others, not even for a moment, and the umask changes nothing), synced, then renamed over the
 * target. A target that is a symbolic link is written where the link points (the caller has
 * checked that this is inside the deployment), so the link stays. The directory must exist.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path link, String content, FileKind kind) throws IOException {
        Path target = Files.isSymbolicLink(link) ? link.toRealPath() : link.toAbsolutePath();
        Path parent = target.getParent();
        Path temp = createTemp(parent, target.getFileName().toString(), kind.permissions());
        try {
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(parent);
    }

    /** True when others than the owner may read or write a file that must be private. */
    public static boolean openToOthers(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        return view != null
                && !FileKind.SECRET
                        .permissions()
                        .containsAll(view.readAttributes().permissions());
    }

    /** Restricts a secret file to its owner; true when its permissions were wider. */
    public static boolean restrictToOwner(Path file) throws IOException {
        if (!openToOthers(file)) {
            return false;
        }
        Files.getFileAttributeView(file, PosixFileAttributeView.class).setPermissions(FileKind.SECRET.permissions());
        return true;
    }

    private static Path createTemp(Path dir, String name, Set<PosixFilePermission> permissions) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            Path temp = dir.resolve("." + name + ".tmp-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try {
                if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
                    Files.createFile(temp, PosixFilePermissions.asFileAttribute(permissions));
                    // open(2) applies the umask; set the mode itself so it is exactly this.
                    Files.getFileAttributeView(temp, PosixFileAttributeView.class)
                            .setPermissions(permissions);
                    return temp;
                }
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException retry) {
                // another name
            }
        }
        throw new IOException("could not create a temporary file in " + dir);
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every file system lets a directory be opened; the rename is still atomic.
        }
    }
}
