package reflector.setup.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Directories of the deployment, created with fixed modes whatever the umask: 0755, and 0700 for
 * {@code data/}, which holds Garage's secrets. Root runs {@code docker compose} on the files in
 * them, so a directory others may write to lets them change what root runs: existing ones that
 * are group- or world-writable are pointed out.
 */
public final class DirectoryModes {
    static final Set<PosixFilePermission> OPEN = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    /** The directories whose contents decide what root runs. */
    private static final List<String> CHECKED = List.of("", "server", "www", "templates", "data");

    private DirectoryModes() {
    }

    /**
     * Creates {@code relativeDir} under {@code deployment} (and the deployment directory and its
     * parents, if missing), each with its fixed mode. Existing directories are left as they are.
     */
    public static void create(Path deployment, String relativeDir) throws IOException {
        createWithParents(deployment.toAbsolutePath());
        Path current = deployment.toAbsolutePath();
        if (relativeDir.isEmpty()) {
            return;
        }
        for (Path part : Path.of(relativeDir)) {
            current = current.resolve(part);
            boolean isData = current.getParent().equals(deployment.toAbsolutePath()) && part.toString().equals("data");
            createOne(current, isData ? PRIVATE : OPEN);
        }
    }

    private static void createWithParents(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createWithParents(parent);
        }
        createOne(dir, OPEN);
    }

    private static void createOne(Path dir, Set<PosixFilePermission> mode) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException raced) {
            if (Files.isDirectory(dir)) {
                return;
            }
            throw raced;
        }
        // mkdir(2) applies the umask; a umask of 000 would leave it writable by everyone.
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        if (view != null) {
            view.setPermissions(mode);
        }
    }

    /** One warning for each existing deployment directory that others than its owner may write to. */
    public static List<String> warnings(Path deployment) {
        List<String> warnings = new ArrayList<>();
        for (String relative : CHECKED) {
            Path dir = relative.isEmpty() ? deployment : deployment.resolve(relative);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
                if (view == null) {
                    continue;
                }
                Set<PosixFilePermission> mode = view.readAttributes().permissions();
                boolean group = mode.contains(PosixFilePermission.GROUP_WRITE);
                boolean others = mode.contains(PosixFilePermission.OTHERS_WRITE);
                if (group || others) {
                    String name = relative.isEmpty() ? "the deployment directory" : relative + "/";
                    warnings.add(name + " is writable by " + (others ? "everyone" : "its group") + " (mode "
                            + PosixFilePermissions.toString(mode) + "): whoever can write there can change what "
                            + "docker compose runs; fix it with chmod go-w " + reflector.setup.text.ShellWords.quote(dir.toString()));
                }
            } catch (IOException e) {
                // Unreadable attributes: nothing to say.
            }
        }
        return warnings;
    }
}
