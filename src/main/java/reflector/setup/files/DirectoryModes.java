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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.text.ShellWords;

/**
 * Directories of the deployment, created with fixed modes whatever the umask: 0755, and 0700 for
 * {@code data/}, which holds Garage's secrets. Root runs {@code docker compose} on the files in
 * them, so a directory others may write to lets them change what root runs: existing ones that
 * are group- or world-writable are pointed out. The installer's own directories, {@code data/} and
 * {@code data/caddy-trust/} (whose CA root Caddy trusts), are set back to their modes instead
 * (see {@link #tighten}): nobody else has a reason to write there.
 */
public final class DirectoryModes {
    static final Set<PosixFilePermission> OPEN = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    /** The directories whose contents decide what root runs, and that may be shared (a checkout's). */
    private static final List<String> CHECKED = List.of("", "server", "www", "templates");

    /** The directories only the installer makes, with their modes; in creation order. */
    private static final Map<String, Set<PosixFilePermission>> OWN = new LinkedHashMap<>();

    static {
        OWN.put(DeploymentFiles.DATA_DIR, PRIVATE);
        OWN.put(DeploymentFiles.CADDY_TRUST_DIR, OPEN);
    }

    private DirectoryModes() {}

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
            String relative = deployment.toAbsolutePath().relativize(current).toString();
            createOne(current, OWN.getOrDefault(relative, OPEN));
        }
    }

    /**
     * The installer's own directories that exist and that its group or others may write to
     * (an older run under umask 000, or a chmod), relative to the deployment; with
     * {@code apply}, each is set to its mode (0700 for data/, 0755 for data/caddy-trust/). A
     * link is never followed: its target is not the installer's.
     */
    public static List<String> tighten(Path deployment, boolean apply) throws IOException {
        List<String> tightened = new ArrayList<>();
        for (Map.Entry<String, Set<PosixFilePermission>> own : OWN.entrySet()) {
            Path dir = deployment.resolve(own.getKey());
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            PosixFileAttributeView view =
                    Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (view == null) {
                continue;
            }
            Set<PosixFilePermission> mode = view.readAttributes().permissions();
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                if (apply) {
                    view.setPermissions(own.getValue());
                }
                tightened.add(own.getKey());
            }
        }
        return tightened;
    }

    /** The mode {@link #create} and {@link #tighten} give an installer's directory, as 0700 or 0755. */
    public static String octal(String relativeDir) {
        return OWN.getOrDefault(relativeDir, OPEN).equals(PRIVATE) ? "0700" : "0755";
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
                            + "docker compose runs; fix it with chmod go-w " + ShellWords.quote(dir.toString()));
                }
            } catch (IOException e) {
                // Unreadable attributes: nothing to say.
            }
        }
        return warnings;
    }
}
