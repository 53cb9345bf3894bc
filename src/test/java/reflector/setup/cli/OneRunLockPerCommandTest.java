package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.support.CliRun;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.JvmRun;

/**
 * A command that changes a deployment holds the run lock from before its first change to its end.
 * While a restore or an upgrade runs (in-process, against an in-memory Docker), an install is
 * started in a JVM of its own, as cron would start one, at each point where the work changes
 * hands: during the data (the restore's database load, the upgrade's backup), between the data
 * and the install (where the lock was once let go and taken again), and when the install
 * begins. Every one of them is refused with exit 3 and leaves the files alone.
 */
class OneRunLockPerCommandTest {
    static final String LOCKED = "another reflector-setup run is working on ";

    @TempDir
    Path root;

    final FakeDocker docker = new FakeDocker();
    /** The second installs, by the moment they were started at, and how each ended. */
    final Map<String, JvmRun.Result> intruders = new LinkedHashMap<>();

    /** Starts a config-only install of {@code dir} in another JVM and waits for it to end. */
    void intrude(String moment, Path dir) {
        try {
            intruders.put(
                    moment,
                    new JvmRun()
                            .env("LANG", "C.UTF-8")
                            .args(
                                    "--cpu",
                                    "--public-ip",
                                    "192.0.2.99",
                                    "--non-interactive",
                                    "--only",
                                    "secrets,server-env,www-env",
                                    "--dir",
                                    dir.toString())
                            .run());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Watches the in-memory Docker: an install is started during the data work ({@code duringData}
     * tells the exec that is it), when the Docker that the data work used is let go, and when the
     * install connects to Docker, which the test then refuses, so that the command ends there.
     */
    Supplier<Docker> watched(Path intruderDir, String data, Predicate<FakeDocker.Ran> duringData) {
        Function<FakeDocker.Ran, FakeDocker.Answer> tools = docker.onExec;
        boolean[] dataDone = new boolean[1];
        boolean[] handedOver = new boolean[1];
        docker.onExec = ran -> {
            if (duringData.test(ran) && !dataDone[0]) {
                intrude("during " + data, intruderDir);
                dataDone[0] = true;
            }
            return tools.apply(ran);
        };
        docker.onClose = () -> {
            if (dataDone[0] && !handedOver[0]) {
                handedOver[0] = true;
                intrude("between " + data + " and the install", intruderDir);
            }
        };
        return () -> {
            if (handedOver[0]) {
                intrude("as the install begins", intruderDir);
                throw new DockerUnavailableException("the test stops the command as its install begins", null);
            }
            return docker;
        };
    }

    void assertEveryIntruderRefused(List<String> moments, Path dir) {
        assertEquals(moments, List.copyOf(intruders.keySet()), "the moments a second install was started at");
        intruders.forEach((moment, result) -> {
            assertEquals(3, result.exitCode(), () -> "an install started " + moment + ": " + result);
            assertTrue(result.err().contains(LOCKED), () -> "an install started " + moment + ": " + result);
        });
        assertTrue(
                !Files.exists(dir.resolve("www/.env")) || !contains(dir.resolve("www/.env"), "192.0.2.99"),
                "a second install wrote www/.env");
    }

    static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Restored into a directory that does not exist yet, under a parent reached through a symbolic
     * link: the second installs name the directory through the link, and are refused all the same.
     */
    @Test
    void aRestoreHoldsTheLockFromItsFilesThroughItsDataToItsInstall() throws Exception {
        Path dir = Files.createDirectories(root.resolve("deployment"));
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(
                dir.resolve(".env"),
                "COMPOSE_PROJECT_NAME=" + FakeDocker.PROJECT
                        + "\nREFLECTOR_SETUP_ARGS='--cpu --garage --public-ip 192.0.2.10'\n");
        Files.writeString(dir.resolve("server/.env"), "SECRET_KEY=abcdefgh\n");
        for (String service : List.of("postgres", "server", "cpu", "garage")) {
            docker.containers.add(FakeDocker.container(service, "running", null));
        }
        docker.volume("server_data", "files");
        Path archive = root.resolve("b.tar.gz");
        CliRun.Result backup = new CliRun()
                .docker(() -> docker)
                .run("backup", "--output", archive.toString(), "--dir", dir.toString());
        assertEquals(0, backup.exitCode(), backup::toString);
        // The deployment is gone; its backup goes into a new directory.
        docker.containers.clear();
        docker.volumes.clear();
        docker.onUp = services -> docker.containers.add(FakeDocker.container("postgres", "running", "healthy"));
        Path real = Files.createDirectories(root.resolve("real"));
        Path link = Files.createSymbolicLink(root.resolve("link"), real);
        Path target = real.resolve("restored");
        Path throughTheLink = link.resolve("restored");

        Supplier<Docker> connections = watched(
                throughTheLink,
                "the database load",
                ran -> ran.command().get(0).equals("psql")
                        && ran.command().contains("reflector")
                        && ran.stdin().length > 0);
        CliRun.Result restore =
                new CliRun().docker(connections).run("restore", archive.toString(), "--dir", target.toString());

        assertEquals(3, restore.exitCode(), restore::toString);
        assertTrue(restore.err().contains("the test stops the command as its install begins"), restore::toString);
        assertEveryIntruderRefused(
                List.of(
                        "during the database load",
                        "between the database load and the install",
                        "as the install begins"),
                target);
    }

    @Test
    void anUpgradeHoldsTheLockFromItsBackupToItsInstall() throws Exception {
        Path dir = UpgradeCommandTest.configured(Files.createDirectories(root.resolve("reflector-test")));
        docker.runningAtTheSchemaHead();

        Supplier<Docker> connections =
                watched(dir, "the backup", ran -> ran.command().get(0).equals("pg_dump"));
        CliRun.Result upgrade = new CliRun()
                .docker(connections)
                .run("upgrade", "--reflector-version", "v0.36.0", "--dir", dir.toString());

        assertEquals(3, upgrade.exitCode(), upgrade::toString);
        assertTrue(upgrade.err().contains("the test stops the command as its install begins"), upgrade::toString);
        try (Stream<Path> backups = Files.list(dir.resolve("backups"))) {
            assertTrue(backups.findAny().isPresent(), "the upgrade took its backup");
        }
        assertEveryIntruderRefused(
                List.of("during the backup", "between the backup and the install", "as the install begins"), dir);
    }
}
