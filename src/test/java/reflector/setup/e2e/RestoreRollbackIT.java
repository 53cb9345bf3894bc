package reflector.setup.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reflector.setup.archive.TarEntry;
import reflector.setup.archive.TarReader;
import reflector.setup.archive.TarWriter;
import reflector.setup.backup.BackupManifest;
import reflector.setup.backup.Contents;
import reflector.setup.support.TreeHash;
import reflector.setup.text.Sha256;

/**
 * A restore that fails leaves the deployment as it was, on the stand-in stack: a backup of a
 * deployment with data (a row, an S3 object, a server file), then a row added after it. An archive
 * with one byte of its last member flipped, and one cut short, are refused with exit 3 and change
 * nothing (same containers, running; same volumes and contents; both rows; same files). An archive
 * whose last volume member is not a tar archive, although the manifest's size and SHA-256 match
 * it, fails after the database was reloaded: the restore rolls back to its safety copy by itself,
 * and the deployment runs healthy with the row added after the backup. A good restore into the
 * same directory takes a safety copy first and brings the backup back. PostgreSQL and Redis are
 * real; the backend, frontend, model server and Garage are STAND-INS (testenv/).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreRollbackIT {
    static final String ROW = "backed up";
    static final String LATER = "added after the backup";
    static final byte[] OBJECT = "a meeting recording".getBytes(StandardCharsets.UTF_8);
    /** The archive's last member: the recordings' changes during their copy (backup schema 2), after the database. */
    static final String LAST_MEMBER = "volumes/server_data.changed.tar";

    static TestDeployment deployment;
    static Path dir;
    static Path archive;
    static String[] key;

    @BeforeAll
    static void installWriteBackUpAndWriteMore() throws Exception {
        deployment = TestDeployment.installed("rollback");
        dir = deployment.dir;
        psql("CREATE TABLE meeting (title text); INSERT INTO meeting VALUES ('" + ROW + "');");
        key = BackupRestoreIT.garageKey(dir);
        BackupRestoreIT.s3(key).putObject("reflector-media", "recordings/one.txt", OBJECT);
        exec("server", "sh", "-c", "echo transcript > /app/data/one.json");
        archive = deployment.parent.resolve("reflector.tar.gz");
        Shell.Result backup =
                Shell.installer(Map.of(), "backup", "--dir", dir.toString(), "--output", archive.toString());
        assertEquals(0, backup.exitCode(), backup::toString);
        psql("INSERT INTO meeting VALUES ('" + LATER + "');");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (deployment != null) {
            deployment.remove();
        }
    }

    @Test
    @Order(1)
    void anArchiveWithOneByteOfItsLastMemberFlippedChangesNothing() throws Exception {
        Path flipped = rewritten(
                "flipped",
                content -> {
                    byte[] changed = content.clone();
                    changed[changed.length / 2] ^= 0x01;
                    return changed;
                },
                false);
        Shell.Result result = refusedWithNothingChanged(flipped);
        assertTrue(
                result.err().contains(LAST_MEMBER) && result.err().contains("does not match manifest.json"),
                result.err());

        Shell.Result verify = Shell.installer(Map.of(), "verify-backup", flipped.toString(), "--output", "json");
        assertEquals(3, verify.exitCode(), verify::toString);
        assertEquals(
                LAST_MEMBER,
                new ObjectMapper()
                        .readTree(verify.out())
                        .get("damage")
                        .get("member")
                        .asText());
    }

    @Test
    @Order(2)
    void aTruncatedArchiveChangesNothing() throws Exception {
        byte[] bytes = Files.readAllBytes(archive);
        Path cut = Files.write(deployment.parent.resolve("cut.tar.gz"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        Shell.Result result = refusedWithNothingChanged(cut);
        assertTrue(result.err().contains("cut short"), result.err());
    }

    @Test
    @Order(3)
    void aVolumeMemberThatDoesNotUnpackAfterTheDatabaseWasReloadedRollsBack() throws Exception {
        // Its size and SHA-256 are in the manifest: only unpacking it, after the database, finds it bad.
        Path broken = rewritten(
                "broken", content -> "not a tar archive\n".repeat(100).getBytes(StandardCharsets.UTF_8), true);
        Shell.Result verify = Shell.installer(Map.of(), "verify-backup", broken.toString());
        assertEquals(0, verify.exitCode(), "the archive itself is whole: " + verify);

        Shell.Result result = Shell.installer(
                Map.of(), "restore", broken.toString(), "--dir", dir.toString(), "--yes", "--output", "json");
        assertEquals(4, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        String error = json.get("error").asText();
        assertTrue(error.contains("unpacking " + LAST_MEMBER + " of " + broken), error);
        assertTrue(error.contains("rolled back by itself"), error);
        assertTrue(json.get("rolledBack").asBoolean(), result.out());
        assertEquals("ok", json.get("rollback").get("install").get("result").asText(), result.out());
        assertTrue(
                UpgradeIT.ranVerify(json.get("rollback").get("install")),
                "the roll-back's install verified the deployment");
        Path safety = Path.of(json.get("safetyBackup").get("path").asText());
        assertTrue(Files.isRegularFile(safety) && safety.startsWith(dir.resolve("backups")), safety.toString());
        assertTrue(error.contains(safety.toString()), error);

        assertEquals(
                List.of(LATER, ROW), rows(), "the deployment's data as it was, the row added after the backup too");
        assertArrayEquals(key, BackupRestoreIT.garageKey(dir));
        assertArrayEquals(OBJECT, BackupRestoreIT.s3(key).getObject("reflector-media", "recordings/one.txt"));
        assertEquals("transcript", exec("server", "cat", "/app/data/one.json").strip());
        assertAllHealthy();
        assertEquals(List.of(), temporaryVolumes());
        BackupRestoreIT.assertNoSecretPrinted(result, dir);
    }

    @Test
    @Order(4)
    void aGoodRestoreIntoTheSameDirectoryTakesASafetyCopyFirst() throws Exception {
        Shell.Result result =
                Shell.installer(Map.of(), "restore", archive.toString(), "--dir", dir.toString(), "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(
                result.out().contains("Safety copy of the deployment it replaced: " + dir.resolve("backups")),
                result.out());
        assertTrue(result.out().contains("Reflector is running."), result.out());
        assertEquals(List.of(ROW), rows(), "the backup's data: the row added after it is gone, as asked");
        assertArrayEquals(OBJECT, BackupRestoreIT.s3(key).getObject("reflector-media", "recordings/one.txt"));
        assertAllHealthy();
        assertEquals(List.of(), temporaryVolumes());

        // The safety copy is a backup like any other: whole, and it holds the row the restore replaced.
        String safety = result.out()
                .lines()
                .filter(line -> line.startsWith("Safety copy of the deployment it replaced: "))
                .findFirst()
                .orElseThrow()
                .replaceFirst("^Safety copy of the deployment it replaced: (\\S+) .*$", "$1");
        Shell.Result verify = Shell.installer(Map.of(), "verify-backup", safety);
        assertEquals(0, verify.exitCode(), verify::toString);
        String dump = new String(member(Path.of(safety), "database/reflector.sql"), StandardCharsets.UTF_8);
        assertTrue(dump.contains(LATER), "the safety copy holds the deployment as it was before the restore");
    }

    /** Runs the restore of a bad archive and proves it changed nothing; returns its result. */
    static Shell.Result refusedWithNothingChanged(Path bad) throws Exception {
        Map<String, String> ids = deployment.stack.ids();
        List<String> volumes = deployment.stack.volumes();
        Map<String, String> contents = volumeContents(volumes);
        assertEquals(
                volumes.size() + Contents.VOLUMES.size(),
                contents.size(),
                contents.keySet().toString());
        String files = TreeHash.listing(dir);
        List<String> rows = rows();

        Shell.Result result = Shell.installer(
                Map.of(), "restore", bad.toString(), "--dir", dir.toString(), "--yes", "--output", "json");
        assertEquals(3, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertTrue(json.get("error").asText().contains("the restore changed nothing"), result.out());

        assertEquals(ids, deployment.stack.ids(), "the same containers");
        deployment
                .stack
                .containers()
                .values()
                .forEach(container -> assertEquals("running", container.state(), container.toString()));
        assertEquals(volumes, deployment.stack.volumes());
        assertEquals(contents, volumeContents(volumes), "every volume's files as they were");
        assertEquals(files, TreeHash.listing(dir), "every file as it was, and no safety copy taken");
        assertEquals(List.of(LATER, ROW), rows);
        assertEquals(rows, rows());
        assertEquals(List.of(), temporaryVolumes());
        return result;
    }

    /** The archive with its last volume member replaced; with {@code inManifest}, the manifest says the new size and SHA-256. */
    static Path rewritten(String name, UnaryOperator<byte[]> change, boolean inManifest) throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            TarReader reader = new TarReader(in);
            for (Optional<TarEntry> entry = reader.next(); entry.isPresent(); entry = reader.next()) {
                members.put(entry.get().name(), reader.content().readAllBytes());
            }
        }
        assertEquals(
                LAST_MEMBER,
                List.copyOf(members.keySet()).get(members.size() - 1),
                members.keySet().toString());
        byte[] changed = change.apply(members.get(LAST_MEMBER));
        members.put(LAST_MEMBER, changed);
        if (inManifest) {
            BackupManifest manifest = BackupManifest.parse(members.get(BackupManifest.PATH));
            List<BackupManifest.Entry> entries = manifest.entries().stream()
                    .map(entry -> entry.path().equals(LAST_MEMBER)
                            ? new BackupManifest.Entry(
                                    entry.path(),
                                    entry.type(),
                                    entry.source(),
                                    entry.mode(),
                                    changed.length,
                                    Sha256.hex(changed))
                            : entry)
                    .toList();
            members.put(
                    BackupManifest.PATH,
                    new BackupManifest(
                                    manifest.schemaVersion(),
                                    manifest.createdAt(),
                                    manifest.installerVersion(),
                                    manifest.directory(),
                                    manifest.project(),
                                    manifest.reflectorVersion(),
                                    manifest.imageTag(),
                                    manifest.installOptions(),
                                    manifest.consistency(),
                                    entries)
                            .bytes());
        }
        Path file = deployment.parent.resolve(name + ".tar.gz");
        try (TarWriter tar = new TarWriter(new GZIPOutputStream(Files.newOutputStream(file)))) {
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                tar.add(member.getKey(), 0600, 0, member.getValue());
            }
        }
        return file;
    }

    static byte[] member(Path file, String name) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            TarReader reader = new TarReader(in);
            for (Optional<TarEntry> entry = reader.next(); entry.isPresent(); entry = reader.next()) {
                if (entry.get().name().equals(name)) {
                    return reader.content().readAllBytes();
                }
            }
        }
        throw new AssertionError(name + " is not in " + file);
    }

    /**
     * Each volume's creation time (a volume made anew would show), and the files of those a
     * restore copies (the database's own is live; its rows are compared instead): path, mode,
     * owner and SHA-256, read by a throwaway container of the postgres image.
     */
    static Map<String, String> volumeContents(List<String> volumes) {
        Map<String, String> contents = new LinkedHashMap<>();
        for (String volume : volumes) {
            Shell.Result inspect = Shell.run("docker", "volume", "inspect", "--format", "{{.CreatedAt}}", volume);
            assertEquals(0, inspect.exitCode(), inspect::toString);
            contents.put(volume + " created", inspect.out().strip());
        }
        for (String volume : volumes.stream()
                .filter(name -> Contents.VOLUMES.stream()
                        .anyMatch(copied -> name.equals(deployment.stack.project() + "_" + copied)))
                .toList()) {
            Shell.Result listing = Shell.run(
                    Map.of(),
                    120,
                    List.of(
                            "docker",
                            "run",
                            "--rm",
                            "--network",
                            "none",
                            "-v",
                            volume + ":/v:ro",
                            "--entrypoint",
                            "sh",
                            "postgres:17-alpine",
                            "-c",
                            "cd /v && find . -type f -exec sha256sum {} + | sort; find . -exec stat -c '%n %a %u:%g' {} + | sort"));
            assertEquals(0, listing.exitCode(), listing::toString);
            contents.put(volume, Sha256.hex(listing.out().getBytes(StandardCharsets.UTF_8)));
        }
        return contents;
    }

    /** The restore's temporary volumes of this deployment (labelled as such), which must never be left behind. */
    static List<String> temporaryVolumes() {
        Shell.Result ls =
                Shell.run("docker", "volume", "ls", "-q", "--filter", "label=reflector-setup.restore-temporary");
        assertEquals(0, ls.exitCode(), ls::toString);
        return ls.out()
                .lines()
                .filter(name -> name.contains(deployment.stack.project()))
                .toList();
    }

    static void assertAllHealthy() throws Exception {
        for (Stack.Container container :
                BackupRestoreIT.settled(deployment.stack).values()) {
            assertEquals("running", container.state(), container.toString());
            assertTrue(List.of("healthy", "none").contains(container.health()), container.toString());
        }
        Shell.Result status = Shell.installer(Map.of(), "status", "--dir", dir.toString());
        assertEquals(0, status.exitCode(), status::toString);
    }

    static List<String> rows() {
        return psql("SELECT title FROM meeting ORDER BY title;").strip().lines().toList();
    }

    static String psql(String sql) {
        return exec("postgres", "psql", "-U", "reflector", "-d", "reflector", "-tA", "-c", sql);
    }

    static String exec(String service, String... command) {
        String id = deployment.stack.containers().get(service).id();
        List<String> argv = new ArrayList<>(List.of("docker", "exec", id));
        argv.addAll(List.of(command));
        Shell.Result result = Shell.run(Map.of(), 60, argv);
        assertEquals(0, result.exitCode(), result::toString);
        return result.out();
    }
}
