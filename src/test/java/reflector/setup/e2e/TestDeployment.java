package reflector.setup.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A deployment directory for an end-to-end test, laid out as a Reflector checkout whose server/,
 * www/ and gpu/self_hosted/ are the STAND-INS' build directories (testenv/): the installer builds
 * all three images from it, as it does in a real checkout, and never reaches for GitHub. Its name,
 * and so its Compose project, is unique: rse2e-...
 */
final class TestDeployment {
    /** The install most deployment tests make: CPU and Garage on a documentation address, never asking, whatever the host's memory and disk. */
    static final List<String> INSTALL = List.of(
            "--cpu", "--garage", "--public-ip", "192.0.2.10", "--non-interactive", "--ignore-preflight", "memory,disk");

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

    /** A checkout with {@link #INSTALL} run in it (images pulled only when missing), which must succeed. */
    static TestDeployment installed(String purpose) throws Exception {
        TestDeployment deployment = checkout(purpose);
        Shell.Result result = deployment.install("--pull", "missing");
        assertEquals(0, result.exitCode(), result::toString);
        return deployment;
    }

    /** The installer with {@code args} and this deployment's --dir. */
    Shell.Result installer(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", dir.toString()));
        return Shell.installer(Map.of(), all.toArray(String[]::new));
    }

    /** {@link #INSTALL} with {@code extra} options, in this deployment. */
    Shell.Result install(String... extra) {
        List<String> args = new ArrayList<>(INSTALL);
        args.addAll(List.of(extra));
        return installer(args.toArray(String[]::new));
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
        Path dir = Files.createDirectories(parent.resolve(
                "rse2e-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8)));
        return new TestDeployment(parent, dir);
    }

    static Path repository() {
        return Path.of(System.getProperty("reflector.repo.dir", "."));
    }

    /** Removes what this test made: its project's containers, networks and volumes, and its directory. */
    void remove() throws Exception {
        stack.tearDown();
        try (Stream<Path> paths = Files.walk(parent)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
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
