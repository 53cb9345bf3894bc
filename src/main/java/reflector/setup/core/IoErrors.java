package reflector.setup.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;

/**
 * Says what went wrong with a file in words a person can act on. Java's exceptions often carry
 * only the path ({@code AccessDeniedException: /srv/x}): the reason is added here, such as
 * "permission denied" or the operating system's "No space left on device".
 */
public final class IoErrors {
    private IoErrors() {}

    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied"
                    + (isRoot() ? "" : " (run as the owner of the deployment directory, or with sudo)");
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Also for the unchecked exception some file systems throw. */
    public static String describe(ReadOnlyFileSystemException e) {
        return "read-only file system";
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
