package reflector.setup.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.InstallArguments;
import reflector.setup.config.RecordedOptions;
import reflector.setup.config.Settings;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.install.Host;
import reflector.setup.install.RunLock;
import reflector.setup.output.Console;
import reflector.setup.output.Terminal;
import reflector.setup.output.Verbosity;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.FakeDocker.Call;
import reflector.setup.support.SettingsBuilder;

/**
 * The order of a restore over a running deployment, against an in-memory Docker: nothing touched
 * on a damaged archive, the safety copy before the first change, every volume unpacked into a
 * temporary one before the real one is replaced, and a roll-back to the safety copy when anything
 * fails after the first change. The install is a stand-in that records itself (and fails when told).
 */
class RestoreRunTest {
    static final String BACKED_UP = "CREATE TABLE meeting (title text);\nINSERT INTO meeting VALUES ('backed up');\n";
    static final String NEWER = BACKED_UP + "INSERT INTO meeting VALUES ('added after the backup');\n";
    static final List<String> SERVICES =
            List.of("postgres", "redis", "server", "worker", "beat", "garage", "web", "cpu");

    @TempDir
    Path root;

    Path dir;
    Path archive;
    final FakeDocker docker = new FakeDocker();
    final StringWriter err = new StringWriter();
    final Console console = new Console(new PrintWriter(err, true), Verbosity.NORMAL, false);
    /** The installs that ran: "restore" or "rollback". */
    final List<String> installs = new ArrayList<>();

    Predicate<Boolean> installFails = rollback -> false;
    boolean safetyCopy = true;

    @BeforeEach
    void aRunningDeploymentWithABackupAndNewerData() throws Exception {
        dir = Files.createDirectories(root.resolve("deployment"));
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(dir.resolve("server/.env"), "SECRET_KEY=abcdefgh\n");
        Files.writeString(
                dir.resolve(".env"),
                "COMPOSE_PROJECT_NAME=" + FakeDocker.PROJECT + "\nREFLECTOR_SETUP_ARGS='--cpu --garage'\n");
        running();
        docker.database = BACKED_UP.getBytes(StandardCharsets.UTF_8);
        docker.volume("server_data", "recordings");
        docker.volume("garage_data", "objects");
        docker.volume("garage_meta", "the bucket and the key");
        archive = new Backup(docker, console, Clock.systemUTC(), "0.1.0", SecretMasker.empty())
                .write(
                        new Deployment(FakeDocker.PROJECT, dir),
                        root.resolve("b.tar.gz"),
                        Optional.of(InstallArguments.readVersion1("--cpu --garage")))
                .archive();
        // Life goes on after the backup: a row, a recording, a line in the env file.
        docker.database = NEWER.getBytes(StandardCharsets.UTF_8);
        docker.volumeContents.put(
                FakeDocker.PROJECT + "_server_data", FakeDocker.tarOf("content", "recordings and a newer one"));
        Files.writeString(dir.resolve("server/.env"), "SECRET_KEY=abcdefgh\nADDED=after the backup\n");
        docker.onUp = services -> {
            if (docker.containers.stream().noneMatch(c -> c.service().equals("postgres"))) {
                docker.containers.add(FakeDocker.container("postgres", "running", "healthy"));
            }
        };
        docker.calls.clear();
        docker.helpers.clear();
    }

    void running() {
        docker.containers.clear();
        SERVICES.forEach(service -> docker.containers.add(FakeDocker.container(service, "running", null)));
    }

    RestoreRun restore(Path file) throws InterruptedException {
        Host host = new Host(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                Map.of(),
                Terminal.NONE,
                () -> docker,
                Optional::empty,
                Clock.systemUTC(),
                new SecureRandom());
        RestoreRun run = new RestoreRun(
                host,
                console,
                new RestoreRun.Hooks() {
                    @Override
                    public void confirm(String what, String word) {
                        docker.calls.add(Call.of("confirmed", word));
                    }

                    @Override
                    public Optional<RecordedOptions> installOptions(Docker docker, Deployment deployment) {
                        return Optional.of(InstallArguments.readVersion1("--cpu --garage"));
                    }

                    @Override
                    public Settings settings(Deployment deployment, BackupManifest manifest) {
                        return SettingsBuilder.cpu(deployment.directory())
                                .garage()
                                .build();
                    }

                    @Override
                    public void install(Settings settings, boolean rollback) {
                        installs.add(rollback ? "rollback" : "restore");
                        docker.calls.add(Call.of("install", rollback ? "rollback" : "restore"));
                        running();
                        if (installFails.test(rollback)) {
                            throw InstallerException.serviceFailed("server did not become healthy");
                        }
                    }
                },
                new RestoreRun.Options(Optional.empty(), safetyCopy, "0.1.0"));
        try (RunLock lock = RunLock.acquire(dir)) {
            run.run(file, dir, lock);
        }
        return run;
    }

    @Test
    void aDamagedArchiveTouchesNothing() throws Exception {
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length - 30] ^= 0x10;
        Path damaged = Files.write(root.resolve("damaged.tar.gz"), bytes);
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        InstallerException e = assertThrows(InstallerException.class, () -> restore(damaged));
        assertEquals(3, e.exitCode().code(), e.getMessage());
        assertTrue(
                e.getMessage().contains("damaged") && e.getMessage().contains("the restore changed nothing"),
                e.getMessage());
        assertEquals(List.of(), docker.calls, "not even asked: no Docker request at all");
        assertEquals(before, DirectorySnapshot.of(dir));
        assertEquals(NEWER, new String(docker.database, StandardCharsets.UTF_8));
        assertEquals(List.of(), installs);
    }

    @Test
    void theSafetyCopyComesFirstAndEachVolumeGoesThroughATemporaryOne() throws Exception {
        RestoreRun run = restore(archive);
        List<Call> calls = docker.calls;
        Path safety = run.safetyCopy().orElseThrow().archive();
        assertTrue(Files.isRegularFile(safety) && safety.startsWith(dir.resolve("backups")), safety.toString());

        int confirmed = calls.indexOf(Call.of("confirmed", FakeDocker.PROJECT));
        int dump = index(calls, call -> call.is("exec", "id-postgres", "pg_dump"));
        int down = calls.indexOf(Call.of("down"));
        int load = index(
                calls,
                call -> call.is("exec", "id-postgres", "psql")
                        && call.args().contains("reflector")
                        && !call.args().contains("postgres"));
        int install = calls.indexOf(Call.of("install", "restore"));
        assertTrue(
                confirmed >= 0 && confirmed < dump && dump < down && down < load && load < install, calls.toString());

        for (String volume : List.of("server_data", "garage_data", "garage_meta")) {
            String real = FakeDocker.PROJECT + "_" + volume;
            int created = index(
                    calls,
                    call -> call.is("volume-create")
                            && call.args().get(0).startsWith(StagedVolumes.NAME_PREFIX + real));
            String temporary = calls.get(created).args().get(0);
            int filled =
                    index(calls, call -> call.is("helper", "image", temporary, "tar", "-C", "/volume", "-xf", "-"));
            int copied = index(calls, call -> call.is("helper", "image", temporary + ":ro>" + real));
            int removed = calls.indexOf(Call.of("volume-remove", temporary));
            assertTrue(
                    down < created && created < filled && filled < copied && copied < removed && removed < install,
                    volume + ": " + calls);
            assertTrue(load < copied, "the database is loaded before any volume is replaced: " + calls);
            assertTrue(
                    calls.stream().noneMatch(call -> call.is("helper", "image", real)),
                    "nothing unpacks into " + real + " itself: " + calls);
            assertFalse(docker.volumes.containsKey(temporary), "removed");
        }
        // Every volume is unpacked before the first real one is replaced.
        int lastFill = lastIndex(calls, call -> call.is("helper") && call.args().contains("-xf"));
        int firstCopy =
                index(calls, call -> call.is("helper") && call.args().get(1).contains(":ro>"));
        assertTrue(lastFill < firstCopy, calls.toString());

        assertEquals(BACKED_UP, new String(docker.database, StandardCharsets.UTF_8));
        assertArrayEquals(
                FakeDocker.tarOf("content", "recordings"),
                docker.volumeContents.get(FakeDocker.PROJECT + "_server_data"));
        assertEquals("SECRET_KEY=abcdefgh\n", Files.readString(dir.resolve("server/.env")));
        assertEquals(List.of("restore"), installs);
        assertFalse(run.rolledBack());
    }

    @Test
    void theTemporaryVolumesAreTheInstallersOwnNotCompose() throws Exception {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        Function<FakeDocker.Ran, FakeDocker.Answer> tar = docker.onHelper;
        docker.onHelper = ran -> {
            if (ran.container().startsWith(StagedVolumes.NAME_PREFIX)) {
                labels.put(ran.container(), docker.volumes.get(ran.container()));
            }
            return tar.apply(ran);
        };
        restore(archive);
        assertEquals(
                3,
                labels.size(),
                "one temporary volume per volume, a bulk volume's two members unpacked into it: " + labels.keySet());
        for (Map<String, String> label : labels.values()) {
            assertEquals(List.of(StagedVolumes.LABEL), List.copyOf(label.keySet()), label.toString());
        }
    }

    @Test
    void aVolumeThatDoesNotUnpackRollsBackToTheSafetyCopy() throws Exception {
        Function<FakeDocker.Ran, FakeDocker.Answer> tar = docker.onHelper;
        docker.onHelper = ran -> {
            if (ran.container().contains("garage_meta")
                    && ran.command().contains("-xf")
                    && ran.container().startsWith(StagedVolumes.NAME_PREFIX)
                    && installs.isEmpty()
                    && !rollingBack()) {
                return new FakeDocker.Answer(
                        2,
                        new byte[0],
                        "tar: This does not look like a tar archive\n"
                                + "tar: Exiting with failure status due to previous errors");
            }
            return tar.apply(ran);
        };
        InstallerException e = assertThrows(InstallerException.class, () -> restore(archive));
        assertEquals(4, e.exitCode().code(), e.getMessage());
        assertTrue(e.getMessage().contains("unpacking volumes/garage_meta.tar of " + archive), e.getMessage());
        assertTrue(e.getMessage().contains("This does not look like a tar archive"), e.getMessage());
        assertTrue(e.getMessage().contains("rolled back by itself"), e.getMessage());
        assertTrue(
                e.getMessage().contains(dir.resolve("backups").toString()), "names the safety copy: " + e.getMessage());

        assertEquals(List.of("rollback"), installs, "the restore's install never ran; the roll-back's did");
        assertEquals(
                NEWER, new String(docker.database, StandardCharsets.UTF_8), "the row added after the backup is back");
        assertArrayEquals(
                FakeDocker.tarOf("content", "recordings and a newer one"),
                docker.volumeContents.get(FakeDocker.PROJECT + "_server_data"));
        assertEquals("SECRET_KEY=abcdefgh\nADDED=after the backup\n", Files.readString(dir.resolve("server/.env")));
        assertTrue(
                docker.volumes.keySet().stream().noneMatch(name -> name.startsWith(StagedVolumes.NAME_PREFIX)),
                "no temporary volume is left: " + docker.volumes.keySet());
        assertEquals(
                1,
                docker.calls.stream()
                        .filter(call -> call.is("exec", "id-postgres", "pg_dump"))
                        .count(),
                "the roll-back takes no safety copy of its own");
    }

    private boolean rollingBack() {
        return docker.calls.stream().filter(call -> call.is("down")).count() > 1;
    }

    @Test
    void anInstallThatFailsRollsBackAndTheRollbackRunsHealthy() throws Exception {
        installFails = rollback -> !rollback;
        InstallerException e = assertThrows(InstallerException.class, () -> restore(archive));
        assertEquals(4, e.exitCode().code());
        assertTrue(e.getMessage().startsWith("the restore failed while the install"), e.getMessage());
        assertTrue(e.getMessage().contains("server did not become healthy"), e.getMessage());
        assertEquals(List.of("restore", "rollback"), installs);
        assertEquals(NEWER, new String(docker.database, StandardCharsets.UTF_8));
        assertTrue(err.toString().contains("rolling back"), err.toString());
    }

    @Test
    void whenTheRollbackFailsTooItSaysWhatStateThingsAreInAndHowToFinish() throws Exception {
        installFails = rollback -> true;
        InstallerException e = assertThrows(InstallerException.class, () -> restore(archive));
        assertEquals(4, e.exitCode().code());
        assertTrue(e.getMessage().contains("Rolling back failed too"), e.getMessage());
        assertTrue(e.getMessage().contains("--yes --no-safety-backup"), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("files, database, volume garage_data, volume server_data, volume garage_meta: "
                                + "from the safety copy " + dir.resolve("backups")),
                e.getMessage());
        assertTrue(err.toString().contains("To finish by hand"), err.toString());
    }

    @Test
    void aDeploymentWhoseDatabaseDoesNotRunIsNotReplacedWithoutASafetyCopy() throws Exception {
        docker.containers.replaceAll(
                c -> c.service().equals("postgres") ? FakeDocker.container("postgres", "exited", null) : c);
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        InstallerException e = assertThrows(InstallerException.class, () -> restore(archive));
        assertEquals(3, e.exitCode().code());
        assertTrue(
                e.getMessage().contains("--no-safety-backup") && e.getMessage().contains("nothing was changed"),
                e.getMessage());
        assertFalse(docker.calls.contains(Call.of("down")), docker.calls.toString());
        assertEquals(before, DirectorySnapshot.of(dir));
        assertEquals(NEWER, new String(docker.database, StandardCharsets.UTF_8));
    }

    @Test
    void withoutASafetyCopyAFailureSaysWhatIsPartlyRestored() throws Exception {
        safetyCopy = false;
        installFails = rollback -> true;
        InstallerException e = assertThrows(InstallerException.class, () -> restore(archive));
        assertEquals(4, e.exitCode().code());
        assertTrue(e.getMessage().contains("no safety copy to roll back to (--no-safety-backup)"), e.getMessage());
        assertEquals(List.of("restore"), installs);
        assertFalse(Files.exists(dir.resolve("backups")));
    }

    private static int index(List<Call> calls, Predicate<Call> which) {
        for (int i = 0; i < calls.size(); i++) {
            if (which.test(calls.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndex(List<Call> calls, Predicate<Call> which) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (which.test(calls.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
