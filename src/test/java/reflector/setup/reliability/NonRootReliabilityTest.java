package reflector.setup.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.JvmRun;
import reflector.setup.support.TreeHash;

/**
 * A user who may not write the deployment (here: nobody, against root's files) gets exit 3 and
 * an error that says "permission denied", and nothing changes. Needs root to switch users with
 * setpriv; skipped otherwise.
 */
class NonRootReliabilityTest {
    private static final int NOBODY = 65534;

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static String classPath;

    /**
     * The test class path, copied where nobody can read it: the jars (~/.m2 is root's) and the
     * class directories (a clone may sit in a directory only root can enter, as mktemp -d makes
     * it), into a world-readable directory that JUnit removes afterwards.
     */
    @BeforeAll
    static void readableClassPath() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "switching users needs root");
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is not installed");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : JvmRun.classPath().split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.exists(path)) {
                Path copy = shared.resolve((i++) + "-" + path.getFileName());
                copyReadable(path, copy);
                entries.add(copy.toString());
            }
        }
        classPath = String.join(File.pathSeparator, entries);
    }

    /** A file or a directory tree, readable (and its directories searchable) by everyone. */
    private static void copyReadable(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(path, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    @AfterAll
    static void writeCounts() {
        ReliabilityCounts.write();
    }

    @Test
    void freshInstallIntoRootsDirectory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("deploy"));
        openPath(dir);
        String before = TreeHash.of(dir);
        JvmRun.Result result = new JvmRun()
                .asUser(NOBODY, classPath)
                .env("LANG", "C.UTF-8")
                .args(Deployments.args(dir).toArray(String[]::new))
                .run();
        assertEquals(3, result.exitCode(), result::toString);
        assertTrue(result.err().contains("permission denied"), result::toString);
        assertTrue(
                result.err().contains("run as the owner of the deployment directory, or with sudo"), result::toString);
        assertEquals(before, TreeHash.of(dir));
        ReliabilityCounts.passed("non-root user");
    }

    @Test
    void reRunOfRootsDeployment() throws Exception {
        Path dir = tmp.resolve("deploy");
        Deployments.install(dir);
        openPath(dir);
        String before = TreeHash.of(dir);
        JvmRun.Result result = new JvmRun()
                .asUser(NOBODY, classPath)
                .env("LANG", "C.UTF-8")
                .args(Deployments.args(dir).toArray(String[]::new))
                .run();
        assertEquals(3, result.exitCode(), result::toString);
        assertTrue(result.err().contains("permission denied"), result::toString);
        assertEquals(before, TreeHash.of(dir));
        ReliabilityCounts.passed("non-root user");
    }

    /** @TempDir directories are root's 0700: let others reach (not write) the deployment. */
    private void openPath(Path dir) throws Exception {
        for (Path p = dir.getParent(); p != null && p.startsWith(tmp); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
