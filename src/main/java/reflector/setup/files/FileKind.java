package reflector.setup.files;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Whether a file holds secrets, which decides its permissions. */
public enum FileKind {
    SECRET("rw-------"),
    PLAIN("rw-r--r--");

    private final Set<PosixFilePermission> permissions;

    FileKind(String permissions) {
        this.permissions = PosixFilePermissions.fromString(permissions);
    }

    public Set<PosixFilePermission> permissions() {
        return permissions;
    }
}
