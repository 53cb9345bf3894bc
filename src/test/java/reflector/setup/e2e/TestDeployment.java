package reflector.setup.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A deployment directory for an end-to-end test, laid out as a Reflector checkout whose server/,
 * www/ and gpu/self_hosted/ are the STAND-INS' build directories (testenv/): the installer builds
 * all three images from it, as it does in a real checkout, and never reaches for GitHub. Its name,
 * and so its Compose project, is unique: rse2e-...
 */
final class TestDeployment {
    final Path parent;
    final Path dir;
    final Stack stack;

    private TestDeployment(Path parent, Path dir) {
        this.parent = parent;
        this.dir = dir;
        this.stack = new Stack(dir.getFileName().toString());
    }

    static TestDeployment checkout(String purpose) throws Exception {
        TestDeployment deployment = empty(purpose);
        standInSources(deployment.dir);
        return deployment;
    }

    /** Lays out {@code dir} as a Reflector checkout whose sources are the stand-ins' build directories. */
    static void standInSources(Path dir) throws Exception {
        Path testenv = repository().resolve("testenv");
        copyTree(testenv.resolve("model-server"), dir.resolve("gpu/self_hosted"));
        copyTree(testenv.resolve("backend"), dir.resolve("server"));
        copyTree(testenv.resolve("frontend"), dir.resolve("www"));
    }

    /** An empty deployment directory of its own name (and so Compose project). */
    static TestDeployment empty(String purpose) throws Exception {
        Path parent = Files.createTempDirectory("reflector-e2e");
        Path dir = Files.createDirectories(parent.resolve("rse2e-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8)));
        return new TestDeployment(parent, dir);
    }

    static Path repository() {
        return Path.of(System.getProperty("reflector.repo.dir", "."));
    }

    /** Removes what this test made: its project's containers, networks and volumes, and its directory. */
    void remove() throws Exception {
        stack.tearDown();
        try (Stream<Path> paths = Files.walk(parent)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
