package reflector.setup.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.envfile.EnvFile;
import reflector.setup.files.StaleTemporaryFiles;
import reflector.setup.steps.Bundle;
import reflector.setup.steps.BundleStep;
import reflector.setup.steps.SecretsStep;
import reflector.setup.steps.ServerEnvStep;
import reflector.setup.steps.Step;
import reflector.setup.steps.StepRunner;
import reflector.setup.steps.WwwEnvStep;
import reflector.setup.support.CliRun;
import reflector.setup.support.EnvFiles;
import reflector.setup.support.JvmRun;
import reflector.setup.support.TreeHash;

/**
 * Faults provoked for real, without Docker: the installer killed (SIGKILL) or terminated
 * (SIGTERM) at random points of a run (each case proves by the exit status that the signal ended
 * the run), a full disk (a small tmpfs), a read-only file system (the
 * tmpfs remounted read-only). After each, every file is whole (old or new, never a mix), and a
 * re-run completes without regenerating a secret: SECRET_KEY, NEXTAUTH_SECRET and the password
 * hash stay as they were. The disk cases need root's mount; where it is not permitted they are
 * skipped, saying so.
 */
class FaultsReliabilityTest {
    /**
     * At most this long after its heading (a re-run takes some 60 ms from www-env's heading to its
     * summary on an idle 2025 laptop, much longer on a busy one). A run that is done sooner waits at
     * its summary ({@link SummaryHeldMain}), so the signal still lands in it.
     */
    private static final int MAX_DELAY_MILLIS = 60;

    private static final List<String> SECRET_KEYS =
            List.of("server/.env SECRET_KEY", "www/.env NEXTAUTH_SECRET", "server/.env ADMIN_PASSWORD_HASH");

    @TempDir
    Path tmp;

    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (Path mount : mounts) {
            if (command("umount", mount.toString()) != 0) {
                command("umount", "-l", mount.toString());
            }
        }
    }

    @AfterAll
    static void writeCounts() {
        ReliabilityCounts.write();
    }

    /**
     * Where each kill is aimed: a random delay after the heading of a step, as the run prints it
     * (from the step list). A fresh install writes from its first step on (the bundle); a re-run
     * first writes at the end of server-env (the new address), so that after www-env's heading
     * some files have changed and others not yet.
     */
    static Stream<Arguments> kills() {
        Random random = new Random(20_251_130);
        List<Step> fresh = List.of(new BundleStep(), new SecretsStep(), new ServerEnvStep(), new WwwEnvStep());
        List<Step> rerun = List.of(new SecretsStep(), new ServerEnvStep(), new WwwEnvStep());
        return IntStream.range(0, 12).mapToObj(i -> {
            boolean freshInstall = i < 4;
            Step step = freshInstall ? fresh.get(i % fresh.size()) : rerun.get(i % rerun.size());
            boolean written = freshInstall ? !(step instanceof BundleStep) : step instanceof WwwEnvStep;
            return Arguments.of(
                    i % 2 == 0 ? Signal.SIGKILL : Signal.SIGTERM,
                    freshInstall,
                    step.name(),
                    written,
                    random.nextInt(MAX_DELAY_MILLIS),
                    i);
        });
    }

    /** The signals, and the exit status a process they ended has. */
    enum Signal {
        SIGKILL(9),
        SIGTERM(15);

        final int number;

        Signal(int number) {
            this.number = number;
        }

        void send(Process process) {
            if (this == SIGKILL) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
        }
    }

    /**
     * The signal goes a random time after a step's heading. It must end the run: a run that ended
     * by itself before the signal was sent proves nothing, and fails the case (the run is the
     * installer's, in {@link SummaryHeldMain}: one that is done waits at its summary). Where the
     * kill landed (before any file changed, after some did, or with all written at the summary) is
     * counted in the counts file's notes; after a heading that follows a write, files must have
     * changed.
     */
    @ParameterizedTest(name = "{0} {4} ms after the heading of {2}, fresh install: {1}")
    @MethodSource("kills")
    void killedAtARandomPointThenReRun(
            Signal signal, boolean freshInstall, String step, boolean writtenBefore, int delayMillis, int round)
            throws Exception {
        Path dir = tmp.resolve("deploy");
        Map<String, String> before = Map.of();
        if (!freshInstall) {
            Deployments.install(dir);
            before = secrets(dir);
        }
        String treeBefore = TreeHash.of(dir);
        List<String> args = Deployments.args(dir, "--password", "--public-ip", "192.0.2." + (30 + round));
        Process process = new JvmRun()
                .mainClass(SummaryHeldMain.class.getName())
                .env("REFLECTOR_ADMIN_PASSWORD", Deployments.PASSWORD)
                .args(args.toArray(String[]::new))
                .start();
        process.getOutputStream().close();
        String heading = StepRunner.standard().heading(step);
        Stderr err = new Stderr(process, heading);
        try {
            err.heading.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException endedWithoutIt) {
            fail(endedWithoutIt.getCause().getMessage());
        } catch (TimeoutException e) {
            process.destroyForcibly();
            fail("no \"" + heading + "\" within 60 s:\n" + err.text);
        }
        Thread.sleep(delayMillis);
        signal.send(process);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the installer did not stop on " + signal);
        String stderr = err.whole.get(30, TimeUnit.SECONDS);
        assertEquals(
                128 + signal.number,
                process.exitValue(),
                () -> "the run ended by itself before " + signal + " was sent, so nothing was killed (exit "
                        + process.exitValue() + "):\n" + stderr);
        boolean changed = !TreeHash.of(dir).equals(treeBefore);
        if (writtenBefore) {
            assertTrue(changed, "killed after the heading of " + step + ", but no file had changed yet");
        }
        ReliabilityCounts.note("kills landing "
                + (stderr.contains(SummaryHeldMain.HELD)
                        ? "with every file written, at the summary"
                        : changed ? "after some files changed" : "before any file changed"));
        assertWhole(dir);
        Map<String, String> afterKill = secrets(dir);
        assertKept(before, afterKill);

        CliRun.Result rerun = new CliRun()
                .env("REFLECTOR_ADMIN_PASSWORD", Deployments.PASSWORD)
                .run(args.toArray(String[]::new));
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertWhole(dir);
        assertKept(afterKill, secrets(dir));
        assertEquals(List.of(), leftovers(dir), "temporary files left after the re-run");
        ReliabilityCounts.passed("faults");
    }

    @Test
    void fullDisk() throws Exception {
        Path disk = mountTmpfs("size=256k");
        Path dir = disk.resolve("deploy");
        Deployments.install(dir);
        Map<String, String> secrets = secrets(dir);
        Path filler = disk.resolve("filler");
        fill(filler);
        String before = TreeHash.of(dir);

        CliRun.Result full = new CliRun()
                .run(Deployments.args(dir, "--public-ip", "192.0.2.50").toArray(String[]::new));
        assertEquals(3, full.exitCode(), full::toString);
        assertTrue(full.err().contains("No space left on device"), full::toString);
        assertEquals(
                1, full.err().lines().filter(line -> line.startsWith("ERROR: ")).count(), full::toString);
        assertEquals(before, TreeHash.of(dir), "a failed write changed a file");

        Files.delete(filler);
        CliRun.Result rerun = new CliRun()
                .run(Deployments.args(dir, "--public-ip", "192.0.2.50").toArray(String[]::new));
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertEquals(secrets, secrets(dir));
        assertEquals("https://192.0.2.50", EnvFiles.value(dir.resolve("server/.env"), "BASE_URL"));
        ReliabilityCounts.passed("faults");
    }

    /** A fresh install onto a disk that fills up part way: what was written is whole, the rest missing. */
    @Test
    void diskFillsDuringAFreshInstall() throws Exception {
        Path disk = mountTmpfs("size=64k");
        Path dir = disk.resolve("deploy");
        Path filler = disk.resolve("filler");
        fill(filler);
        // Room for a few files, not for all of them.
        truncateBy(filler, 24 * 1024);

        CliRun.Result full = new CliRun()
                .env("REFLECTOR_ADMIN_PASSWORD", Deployments.PASSWORD)
                .run(Deployments.args(dir, "--password").toArray(String[]::new));
        assertEquals(3, full.exitCode(), full::toString);
        assertTrue(full.err().contains("No space left on device"), full::toString);
        assertWhole(dir);
        for (String file : DeploymentFiles.BUNDLE) {
            Path path = dir.resolve(file);
            if (Files.exists(path)) {
                assertTrue(Files.readString(path).endsWith(Bundle.read(file)), file + " is not whole");
            }
        }
        Map<String, String> written = secrets(dir);

        Files.delete(filler);
        CliRun.Result rerun = new CliRun()
                .env("REFLECTOR_ADMIN_PASSWORD", Deployments.PASSWORD)
                .run(Deployments.args(dir, "--password").toArray(String[]::new));
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertKept(written, secrets(dir));
        ReliabilityCounts.passed("faults");
    }

    @Test
    void readOnlyFileSystem() throws Exception {
        Path disk = mountTmpfs("size=1m");
        Path dir = disk.resolve("deploy");
        Deployments.install(dir);
        Map<String, String> secrets = secrets(dir);
        String before = TreeHash.of(dir);
        assertEquals(0, command("mount", "-o", "remount,ro", disk.toString()), "remount read-only");

        CliRun.Result readOnly = new CliRun()
                .run(Deployments.args(dir, "--public-ip", "192.0.2.60").toArray(String[]::new));
        assertEquals(3, readOnly.exitCode(), readOnly::toString);
        assertTrue(readOnly.err().contains("Read-only file system"), readOnly::toString);
        assertEquals(before, TreeHash.of(dir));

        assertEquals(0, command("mount", "-o", "remount,rw", disk.toString()), "remount read-write");
        CliRun.Result rerun = new CliRun()
                .run(Deployments.args(dir, "--public-ip", "192.0.2.60").toArray(String[]::new));
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertEquals(secrets, secrets(dir));
        ReliabilityCounts.passed("faults");
    }

    /** A read-only bind mount of an existing deployment, the way a container might see it. */
    @Test
    void readOnlyBindMount() throws Exception {
        Path source = tmp.resolve("source");
        Deployments.install(source.resolve("deploy"));
        Path view = Files.createDirectories(tmp.resolve("view"));
        Assumptions.assumeTrue(
                command("mount", "--bind", source.toString(), view.toString()) == 0,
                "mount --bind is not permitted here (needs root with CAP_SYS_ADMIN)");
        mounts.add(view);
        assertEquals(0, command("mount", "-o", "remount,bind,ro", view.toString()), "remount the bind read-only");
        Path dir = view.resolve("deploy");
        String before = TreeHash.of(dir);
        CliRun.Result readOnly = new CliRun()
                .run(Deployments.args(dir, "--public-ip", "192.0.2.61").toArray(String[]::new));
        assertEquals(3, readOnly.exitCode(), readOnly::toString);
        assertTrue(readOnly.err().contains("Read-only file system"), readOnly::toString);
        assertEquals(before, TreeHash.of(dir));
        ReliabilityCounts.passed("faults");
    }

    private Path mountTmpfs(String options) throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("disk"));
        int status = command("mount", "-t", "tmpfs", "-o", options + ",mode=0755", "tmpfs", mount.toString());
        Assumptions.assumeTrue(
                status == 0,
                "mount -t tmpfs is not permitted here (needs root with CAP_SYS_ADMIN); "
                        + "the disk-full and read-only cases did not run");
        mounts.add(mount);
        return mount;
    }

    /** Writes until the file system is full. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static void truncateBy(Path file, long bytes) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(Math.max(0, channel.size() - bytes));
        }
    }

    /** Every env file present reads cleanly with both readers' rules; nothing half-written. */
    private static void assertWhole(Path dir) throws IOException {
        for (String file : List.of("server/.env", "www/.env", ".env")) {
            Path path = dir.resolve(file);
            if (Files.isRegularFile(path)) {
                try {
                    EnvFile.parse(Files.readString(path));
                } catch (RuntimeException e) {
                    fail(file + " is not whole: " + e.getMessage());
                }
            }
        }
    }

    /** The secrets that exist now, by file and key. */
    private static Map<String, String> secrets(Path dir) throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (String entry : SECRET_KEYS) {
            String[] fileAndKey = entry.split(" ");
            Path path = dir.resolve(fileAndKey[0]);
            if (Files.isRegularFile(path)) {
                Optional<String> value = EnvFiles.read(path).get(fileAndKey[1]);
                value.filter(v -> !v.isEmpty() && !v.startsWith("changeme")).ifPresent(v -> found.put(entry, v));
            }
        }
        return found;
    }

    /** Every secret that existed is still there, unchanged (new ones may have been added). */
    private static void assertKept(Map<String, String> before, Map<String, String> after) {
        before.forEach((key, value) -> assertEquals(value, after.get(key), key + " was regenerated or lost"));
    }

    private static List<String> leftovers(Path dir) {
        return StaleTemporaryFiles.find(dir);
    }

    /**
     * A run's stderr, read as it comes (its stdout is read away). {@link #heading} completes when
     * the heading is a line of it, and fails when stderr ends without it (the end of the process
     * is never taken for the heading); {@link #whole} completes with all of it at its end.
     */
    private static final class Stderr {
        final CompletableFuture<Void> heading = new CompletableFuture<>();
        final CompletableFuture<String> whole = new CompletableFuture<>();
        final StringBuffer text = new StringBuffer();

        Stderr(Process process, String headingLine) {
            Thread out = new Thread(() -> {
                try {
                    process.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the process was killed
                }
            });
            Thread err = new Thread(() -> {
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        text.append(line).append('\n');
                        if (line.equals(headingLine)) {
                            heading.complete(null);
                        }
                    }
                } catch (IOException ignored) {
                    // the process was killed
                }
                heading.completeExceptionally(
                        new AssertionError("the run ended without the heading \"" + headingLine + "\":\n" + text));
                whole.complete(text.toString());
            });
            for (Thread thread : List.of(out, err)) {
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private static int command(String... words) throws Exception {
        Process process = new ProcessBuilder(words).redirectErrorStream(true).start();
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
        return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
