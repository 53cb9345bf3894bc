package reflector.setup.docker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import reflector.setup.process.ProcessRunner;

/**
 * Docker helpers for the integration tests: a tiny local image (no registry is reachable) and
 * the docker CLI for setting up and tearing down what the code under test does not create.
 */
final class TestDocker {

    /** FROM scratch + a static busybox, with applet links; /bin/sh works. */
    static final String IMAGE = "reflector-test/busybox:latest";
    /** Label on everything these tests create, so a crashed run can be cleaned by hand. */
    static final String LABEL = "reflector-setup-test";

    private static final List<String> APPLETS = List.of(
            "sh", "sleep", "cat", "echo", "true", "false", "ls", "seq", "env", "printf", "head", "tail", "kill", "nc",
            "wget", "id", "date", "touch", "rm", "mkdir");
    private static final List<String> STATIC_BUSYBOX = List.of("/bin/busybox", "/usr/bin/busybox");

    private TestDocker() {}

    record Result(int exitCode, String output) {}

    static String uniqueName() {
        return "rstest-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Runs the docker CLI; stderr merged into the output. */
    static Result docker(String... args) {
        return docker(null, 120, args);
    }

    static Result docker(Path workdir, int timeoutSeconds, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("docker");
        argv.addAll(List.of(args));
        try {
            ProcessRunner.Result r = ProcessRunner.command(argv)
                    .directory(workdir)
                    .timeout(Duration.ofSeconds(timeoutSeconds))
                    .killGrace(Duration.ZERO)
                    .run();
            if (r.timedOut()) {
                throw new AssertionError("docker " + String.join(" ", args) + " hung");
            }
            return new Result(r.exitCode(), r.output());
        } catch (IOException e) {
            throw new AssertionError("cannot run docker: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String dockerOk(String... args) {
        Result r = docker(args);
        if (r.exitCode() != 0) {
            throw new AssertionError(
                    "docker " + String.join(" ", args) + " failed (" + r.exitCode() + "):\n" + r.output());
        }
        return r.output().trim();
    }

    /** Builds {@link #IMAGE} unless it exists. Needs a static busybox on the host (busybox-static). */
    static synchronized void ensureImage() {
        if (docker("image", "inspect", IMAGE).exitCode() == 0) {
            return;
        }
        Path busybox = STATIC_BUSYBOX.stream()
                .map(Path::of)
                .filter(TestDocker::isStaticElf)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no statically linked busybox on this host for the test image;"
                        + " install it: apt-get install -y busybox-static"));
        Path context = null;
        try {
            context = Files.createTempDirectory("rstest-image");
            Path bin = Files.createDirectories(context.resolve("rootfs/bin"));
            Files.copy(busybox, bin.resolve("busybox"));
            bin.resolve("busybox").toFile().setExecutable(true, false);
            for (String applet : APPLETS) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
            Files.createDirectories(context.resolve("rootfs/tmp"));
            Files.writeString(
                    context.resolve("Dockerfile"),
                    String.join(
                            "\n",
                            "FROM scratch",
                            "COPY rootfs/ /",
                            "ENV PATH=/bin",
                            "LABEL " + LABEL + "=image",
                            "CMD [\"/bin/sh\"]",
                            ""));
            Result r = docker(context, 300, "build", "-q", "-t", IMAGE, ".");
            if (r.exitCode() != 0) {
                throw new AssertionError("building " + IMAGE + " failed:\n" + r.output());
            }
        } catch (IOException e) {
            throw new AssertionError("preparing the test image: " + e.getMessage(), e);
        } finally {
            deleteTree(context);
        }
    }

    /** A 64-bit little-endian ELF executable without a PT_INTERP program header. */
    static boolean isStaticElf(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
            byte[] header = new byte[64];
            f.readFully(header);
            if (header[0] != 0x7f
                    || header[1] != 'E'
                    || header[2] != 'L'
                    || header[3] != 'F'
                    || header[4] != 2
                    || header[5] != 1) {
                return false;
            }
            ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            long phoff = b.getLong(0x20);
            int phentsize = Short.toUnsignedInt(b.getShort(0x36));
            int phnum = Short.toUnsignedInt(b.getShort(0x38));
            byte[] ph = new byte[4];
            for (int i = 0; i < phnum; i++) {
                f.seek(phoff + (long) i * phentsize);
                f.readFully(ph);
                if (ByteBuffer.wrap(ph).order(ByteOrder.LITTLE_ENDIAN).getInt() == 3) { // PT_INTERP
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Removes containers by name, ignoring ones that are already gone. */
    static void removeContainers(String... names) {
        if (names.length == 0) {
            return;
        }
        String[] args = new String[names.length + 2];
        args[0] = "rm";
        args[1] = "-f";
        System.arraycopy(names, 0, args, 2, names.length);
        docker(args);
    }
}
