package reflector.setup.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.archive.TarReader;
import reflector.setup.archive.TarWriter;
import reflector.setup.config.InstallArguments;
import reflector.setup.config.RecordedOptions;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.envfile.EnvFile;
import reflector.setup.output.Console;
import reflector.setup.output.Verbosity;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.FakeDocker.Call;

/** Backup and restore against an in-memory Docker: what goes into the archive, and how it comes back. */
class BackupRestoreTest {
    @TempDir
    Path root;

    Path dir;
    final FakeDocker docker = new FakeDocker();
    final StringWriter err = new StringWriter();
    final Console console = new Console(new PrintWriter(err, true), Verbosity.NORMAL, false);
    static final String DUMP = "CREATE TABLE meeting (title text);\nINSERT INTO meeting VALUES ('kept');\n";

    @BeforeEach
    void layOutADeployment() throws Exception {
        dir = Files.createDirectories(root.resolve("deployment"));
        Files.createDirectories(dir.resolve("server"));
        Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("server/.env"), "SECRET_KEY=abc\nTRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID=GK1\n");
        Files.writeString(dir.resolve("www/.env"), "NEXTAUTH_SECRET=def\n");
        Files.writeString(
                dir.resolve(".env"),
                "COMPOSE_PROJECT_NAME=" + FakeDocker.PROJECT + "\nREFLECTOR_VERSION=v0.34.0\n"
                        + "REFLECTOR_SETUP_ARGS='--cpu --garage'\n");
        Files.writeString(dir.resolve("data/garage.toml"), "rpc_secret = \"0123\"\n");
        Files.writeString(dir.resolve("docker-compose.selfhosted.yml"), "services: {}\n");
        Files.writeString(dir.resolve("unrelated.txt"), "not part of a deployment\n");
        for (String service : List.of("postgres", "server", "worker", "beat", "garage", "web")) {
            docker.containers.add(FakeDocker.container(service, "running", null));
        }
        docker.database = DUMP.getBytes(StandardCharsets.UTF_8);
        docker.volume("server_data", "recordings");
        docker.volume("garage_meta", "the bucket and the key");
        docker.volume("garage_data", "objects");
        docker.volume("redis_data", "queues");
    }

    Deployment deployment() {
        return new Deployment(FakeDocker.PROJECT, dir);
    }

    Backup.Result backup() throws IOException {
        return new Backup(docker, console, Clock.systemUTC(), "0.1.0", SecretMasker.empty())
                .write(
                        deployment(),
                        root.resolve("out/b.tar.gz"),
                        Optional.of(InstallArguments.readVersion1("--cpu --garage")));
    }

    @Test
    void theArchiveHoldsTheManifestTheFilesTheDumpAndTheVolumesWithData() throws Exception {
        Backup.Result result = backup();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(result.archive())));
        assertEquals(Files.size(result.archive()), result.bytes());
        try (Restore restore = Restore.open(result.archive())) {
            BackupManifest manifest = restore.manifest();
            assertEquals(FakeDocker.PROJECT, manifest.project());
            assertEquals(Optional.of("v0.34.0"), manifest.reflectorVersion());
            assertEquals("2", manifest.installOptions().get(RecordedOptions.FORMAT_KEY));
            assertEquals(
                    Optional.of(InstallArguments.readVersion1("--cpu --garage")),
                    RecordedOptions.read(
                            key -> Optional.ofNullable(manifest.installOptions().get(key))));
            assertEquals(
                    List.of("server/.env", "www/.env", ".env", "data/garage.toml", "docker-compose.selfhosted.yml"),
                    manifest.entries(BackupManifest.Type.FILE).stream()
                            .map(BackupManifest.Entry::source)
                            .toList());
            assertEquals(
                    List.of(
                            "volumes/garage_data.tar",
                            "volumes/server_data.tar",
                            "volumes/garage_meta.tar",
                            "volumes/garage_data.changed.tar",
                            "volumes/server_data.changed.tar"),
                    manifest.entries(BackupManifest.Type.VOLUME).stream()
                            .map(BackupManifest.Entry::path)
                            .toList(),
                    "each bulk volume's copy while running, then what the pause copies");
            assertEquals(
                    "600", manifest.entry("files/server/.env").orElseThrow().mode());
            assertEquals(
                    DUMP.length(),
                    manifest.entry("database/reflector.sql").orElseThrow().bytes());
        }
        assertTrue(
                docker.execs.get(0).command().containsAll(List.of("pg_dump", "--username", "reflector")),
                docker.execs.toString());
        assertTrue(
                docker.helpers.stream().allMatch(helper -> helper.container().endsWith(":ro")),
                "volumes are read read-only");
    }

    @Test
    void theBulkIsCopiedWhileEverythingRunsAndThePauseTakesTheDumpTheMetadataAndTheChanges() throws Exception {
        Backup.Result result = backup();
        List<Call> calls = docker.calls;
        int bulkData = firstIndex(
                calls,
                call -> call.is("helper")
                        && call.args().contains(FakeDocker.PROJECT + "_garage_data:ro")
                        && String.join(" ", call.args()).contains("exec tar -C /volume -cf - ."));
        int bulkRecordings = firstIndex(
                calls,
                call -> call.is("helper")
                        && call.args().contains(FakeDocker.PROJECT + "_server_data:ro")
                        && String.join(" ", call.args()).contains("exec tar -C /volume -cf - ."));
        int firstPause = calls.indexOf(Call.of("pause", "id-server"));
        int dump = firstIndex(calls, call -> call.is("exec", "id-postgres", "pg_dump"));
        int metadata = firstIndex(
                calls, call -> call.is("helper") && call.args().contains(FakeDocker.PROJECT + "_garage_meta:ro"));
        int changes = firstIndex(
                calls,
                call -> call.is("helper")
                        && String.join(" ", call.args()).contains("touch -d @1796679999 /tmp/copy-began"));
        int lastCopy = lastIndex(calls, call -> call.is("helper"));
        int unpause = calls.indexOf(Call.of("unpause", "id-garage"));
        assertTrue(0 <= bulkData && bulkData < bulkRecordings && bulkRecordings < firstPause, calls.toString());
        assertTrue(firstPause < dump && dump < metadata && metadata < changes && lastCopy < unpause, calls.toString());
        assertFalse(calls.contains(Call.of("pause", "id-web")), "the frontend writes nothing");
        assertEquals(List.of("server", "worker", "beat", "garage"), result.paused());
        assertTrue(result.pausedFor().compareTo(result.duration()) <= 0, result.toString());
    }

    @Test
    void filesChangedDuringTheBulkCopyFollowItInTheirOwnMemberAndWin() throws Exception {
        docker.changedSinceCopy.put(
                FakeDocker.PROJECT + "_server_data", FakeDocker.tarOf("content", "recordings, whole"));
        Backup.Result result = backup();
        FakeDocker elsewhere = new FakeDocker();
        elsewhere.onUp = services -> elsewhere.containers.add(FakeDocker.container("postgres", "running", "healthy"));
        try (Restore restore = Restore.open(result.archive())) {
            restore.writeFiles(root.resolve("new"), Optional.empty(), new RestoreJournal());
            Deployment deployment = new Deployment(FakeDocker.PROJECT, root.resolve("new"));
            restore.restoreData(
                    elsewhere,
                    deployment,
                    elsewhere.compose(deployment, List.of("cpu"), line -> {}),
                    console,
                    Clock.systemUTC(),
                    SecretMasker.empty(),
                    duration -> {},
                    new RestoreJournal());
        }
        byte[] restored = elsewhere.volumeContents.get(FakeDocker.PROJECT + "_server_data");
        List<String> contents = new ArrayList<>();
        TarReader reader = new TarReader(new ByteArrayInputStream(restored));
        for (var entry = reader.next(); entry.isPresent(); entry = reader.next()) {
            contents.add(
                    entry.get().name() + "=" + new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(
                List.of("content=recordings", "content=recordings, whole"),
                contents,
                "the bulk copy, then the changed file extracted over it");
    }

    @Test
    void aWriterThatStoppedSinceItWasListedIsNotPausedAndTheBackupGoesOn() throws Exception {
        // A crash loop, as after a failed upgrade: listed running, restarting when the pause comes.
        docker.onPause = id -> {
            if (id.equals("id-server")) {
                docker.containers.replaceAll(
                        c -> c.id().equals(id) ? FakeDocker.container("server", "restarting", null) : c);
                throw new DockerOperationException(
                        "Container is restarting, wait until the container " + "is running (HTTP 409)");
            }
        };
        Backup.Result result = backup();
        assertEquals(List.of("worker", "beat", "garage"), result.paused());
        assertTrue(err.toString().contains("server is not running any more: not paused"), err.toString());

        docker.onPause = id -> {
            throw new DockerOperationException("pausing failed");
        };
        Files.delete(result.archive());
        assertThrows(
                DockerOperationException.class,
                this::backup,
                "a running one that cannot be " + "paused still stops the backup");
    }

    @Test
    void aFailedDumpStillUnpausesAndLeavesNoArchive() {
        docker.onExec = ran -> new FakeDocker.Answer(1, new byte[0], "pg_dump: error: connection to server failed");
        InstallerException e = assertThrows(InstallerException.class, this::backup);
        assertTrue(e.getMessage().contains("pg_dump"), e.getMessage());
        assertTrue(docker.calls.contains(Call.of("unpause", "id-server")), docker.calls.toString());
        assertFalse(Files.exists(root.resolve("out/b.tar.gz")));
        assertEquals(List.of(), listing(root.resolve("out")), "no spool or partial file is left");
    }

    @Test
    void withoutARunningDatabaseThereIsNoBackup() {
        docker.containers.removeIf(container -> container.service().equals("postgres"));
        InstallerException e = assertThrows(InstallerException.class, this::backup);
        assertEquals(3, e.exitCode().code());
    }

    @Test
    void anExistingArchiveIsNeverOverwritten() throws Exception {
        Files.createDirectories(root.resolve("out"));
        Files.writeString(root.resolve("out/b.tar.gz"), "mine");
        assertEquals(
                2,
                assertThrows(InstallerException.class, this::backup).exitCode().code());
        assertEquals("mine", Files.readString(root.resolve("out/b.tar.gz")));
    }

    @Test
    void aRestoreIntoANewDirectoryBringsBackFilesDatabaseAndVolumes() throws Exception {
        Backup.Result result = backup();
        FakeDocker elsewhere = new FakeDocker();
        elsewhere.onUp = services -> elsewhere.containers.add(FakeDocker.container("postgres", "running", "healthy"));
        Path target = root.resolve("new");
        try (Restore restore = Restore.open(result.archive())) {
            List<String> files = restore.writeFiles(target, Optional.empty(), new RestoreJournal());
            assertEquals(5, files.size());
            Deployment deployment = new Deployment(FakeDocker.PROJECT, target);
            Restore.Data data = restore.restoreData(
                    elsewhere,
                    deployment,
                    elsewhere.compose(deployment, List.of("cpu"), line -> {}),
                    console,
                    Clock.systemUTC(),
                    SecretMasker.empty(),
                    duration -> {},
                    new RestoreJournal());
            assertTrue(data.database());
            assertEquals(
                    List.of("garage_data", "server_data", "garage_meta"), data.volumes(), "in the archive's order");
        }
        assertEquals(Files.readString(dir.resolve("server/.env")), Files.readString(target.resolve("server/.env")));
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("www/.env"))));
        assertFalse(Files.exists(target.resolve("unrelated.txt")));
        assertEquals(DUMP, new String(elsewhere.database, StandardCharsets.UTF_8));
        assertArrayEquals(
                FakeDocker.tarOf("content", "the bucket and the key"),
                elsewhere.volumeContents.get(FakeDocker.PROJECT + "_garage_meta"));
        assertArrayEquals(
                FakeDocker.tarOf("content", "recordings"),
                elsewhere.volumeContents.get(FakeDocker.PROJECT + "_server_data"),
                "a bulk volume without changes during its copy comes back byte for byte");
        assertEquals(
                FakeDocker.PROJECT,
                elsewhere.volumes.get(FakeDocker.PROJECT + "_server_data").get("com.docker.compose.project"));
        assertEquals(
                "server_data",
                elsewhere.volumes.get(FakeDocker.PROJECT + "_server_data").get("com.docker.compose.volume"));
        int up = elsewhere.calls.indexOf(Call.of("up", "postgres"));
        int drop = firstIndex(
                elsewhere.calls,
                call -> call.is("exec", "id-postgres", "psql", "--username", "reflector", "--dbname", "postgres"));
        assertTrue(up >= 0 && up < drop, elsewhere.calls.toString());
        assertTrue(
                elsewhere.calls.get(drop).args().contains("DROP DATABASE IF EXISTS reflector WITH (FORCE)"),
                elsewhere.calls.get(drop).toString());
    }

    @Test
    void anotherProjectNameIsWrittenIntoTheRestoredEnv() throws Exception {
        Backup.Result result = backup();
        Path target = root.resolve("renamed");
        try (Restore restore = Restore.open(result.archive())) {
            restore.writeFiles(target, Optional.of("reflector-copy"), new RestoreJournal());
        }
        EnvFile env = EnvFile.parse(Files.readString(target.resolve(".env")));
        assertEquals("reflector-copy", env.get("COMPOSE_PROJECT_NAME").orElseThrow());
        assertEquals("--cpu --garage", env.get("REFLECTOR_SETUP_ARGS").orElseThrow());
    }

    @Test
    void aMemberThatDoesNotMatchTheManifestStopsTheRestore() throws Exception {
        Backup.Result result = backup();
        Path tampered = root.resolve("tampered.tar.gz");
        // Rewrite the archive with one file's content changed but the same manifest.
        try (Restore restore = Restore.open(result.archive());
                var out = new TarWriter(new GZIPOutputStream(Files.newOutputStream(tampered)))) {
            out.add(BackupManifest.PATH, 0600, 0, restore.manifest().bytes());
            out.add(
                    "files/server/.env",
                    0600,
                    0,
                    "SECRET_KEY=evil\nTRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID=GK1\n".getBytes(StandardCharsets.UTF_8));
        }
        try (Restore restore = Restore.open(tampered)) {
            IOException e = assertThrows(
                    IOException.class,
                    () -> restore.writeFiles(root.resolve("t"), Optional.empty(), new RestoreJournal()));
            assertTrue(e.getMessage().contains("does not match the manifest"), e.getMessage());
        }
        assertFalse(Files.exists(root.resolve("t/server/.env")));
    }

    @Test
    void somethingElseThanABackupIsBadInput() throws Exception {
        Path notGzip = Files.writeString(root.resolve("x.tar.gz"), "hello");
        assertEquals(
                2,
                assertThrows(InstallerException.class, () -> Restore.open(notGzip))
                        .exitCode()
                        .code());
        assertEquals(
                2,
                assertThrows(InstallerException.class, () -> Restore.open(root.resolve("missing.tar.gz")))
                        .exitCode()
                        .code());
    }

    private static int firstIndex(List<Call> calls, Predicate<Call> which) {
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

    private static List<String> listing(Path dir) {
        try (var files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of("cannot list: " + e);
        }
    }
}
