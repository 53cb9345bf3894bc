package reflector.setup.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.archive.TarEntry;
import reflector.setup.archive.TarReader;
import reflector.setup.archive.TarWriter;
import reflector.setup.config.InstallArguments;
import reflector.setup.config.RecordedOptions;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.Deployment;
import reflector.setup.output.Console;
import reflector.setup.output.Verbosity;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.support.FakeDocker;
import reflector.setup.text.Sha256;

/**
 * The check a restore makes before it changes anything, on archives that the installer's own
 * Backup wrote (against an in-memory Docker) and then cut, rewritten or flipped: no Docker.
 */
class ArchiveCheckTest {
    @TempDir
    Path root;

    Path archive;
    final Console console = new Console(new PrintWriter(new StringWriter(), true), Verbosity.NORMAL, false);

    @BeforeEach
    void aBackup() throws Exception {
        Path dir = Files.createDirectories(root.resolve("deployment"));
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(dir.resolve("server/.env"), "SECRET_KEY=abc\n");
        Files.writeString(dir.resolve(".env"), "COMPOSE_PROJECT_NAME=" + FakeDocker.PROJECT + "\n");
        FakeDocker docker = new FakeDocker();
        docker.containers.add(FakeDocker.container("postgres", "running", null));
        docker.database = "CREATE TABLE meeting (title text);\n".getBytes(StandardCharsets.UTF_8);
        docker.volume("server_data", "recordings ".repeat(1000));
        docker.volume("garage_meta", "the bucket and the key");
        archive = new Backup(docker, console, Clock.systemUTC(), "0.1.0", SecretMasker.empty())
                .write(
                        new Deployment(FakeDocker.PROJECT, dir),
                        root.resolve("b.tar.gz"),
                        Optional.of(InstallArguments.readVersion1("--cpu")))
                .archive();
    }

    ArchiveCheck.Result check(Path file) {
        return new ArchiveCheck(console, Clock.systemUTC()).check(file);
    }

    @Test
    void aWholeArchivePassesWithEveryMemberChecked() {
        ArchiveCheck.Result result = check(archive);
        assertTrue(result.whole(), result.message());
        assertEquals(
                List.of(
                        "files/server/.env",
                        "files/.env",
                        "volumes/server_data.tar",
                        "database/reflector.sql",
                        "volumes/garage_meta.tar",
                        "volumes/server_data.changed.tar"),
                result.members().stream().map(ArchiveCheck.Member::path).toList(),
                "the bulk copy while running, then what the pause copies");
        assertEquals(BackupManifest.SCHEMA_VERSION, result.manifest().schemaVersion());
        assertEquals(FakeDocker.PROJECT, result.manifest().project());
        assertEquals(result, result.orThrow("unused"));
    }

    @Test
    void aTruncatedGzipStreamIsDamageNamingTheMemberItStopsIn() throws Exception {
        byte[] bytes = Files.readAllBytes(archive);
        Path cut = Files.write(root.resolve("cut.tar.gz"), Arrays.copyOf(bytes, bytes.length - 40));
        ArchiveCheck.Result result = check(cut);
        assertFalse(result.whole());
        assertTrue(result.message().contains("cut short"), result.message());
        InstallerException e = assertThrows(InstallerException.class, () -> result.orThrow("nothing was changed"));
        assertEquals(3, e.exitCode().code());
        assertTrue(e.getMessage().endsWith("; nothing was changed"), e.getMessage());

        Path header = Files.write(root.resolve("header.tar.gz"), Arrays.copyOf(bytes, 5));
        assertFalse(check(header).whole(), "cut inside the gzip header");
    }

    @Test
    void aCutInTheMiddleNamesTheMember() throws Exception {
        byte[] tar = gunzip(Files.readAllBytes(archive));
        int at = indexOf(tar, "recordings recordings".getBytes(StandardCharsets.UTF_8)) + 100;
        Path cut = gzip(Arrays.copyOf(tar, at));
        ArchiveCheck.Result result = check(cut);
        assertEquals("volumes/server_data.tar", result.damage().orElseThrow().member(), result.message());
        assertTrue(result.message().contains("ends inside a file"), result.message());
    }

    @Test
    void aTarStreamWithoutItsEndOfArchiveMarkerIsDamage() throws Exception {
        byte[] tar = gunzip(Files.readAllBytes(archive));
        // The archive ends with exactly two zero blocks (TarWriter pads no record); a volume member
        // is itself a tar ending in zeros, so the marker is cut by its length, not by scanning for zeros.
        int end = tar.length - 2 * 512;
        ArchiveCheck.Result result = check(gzip(Arrays.copyOf(tar, end)));
        assertFalse(result.whole());
        assertNull(result.damage().orElseThrow().member());
        assertTrue(result.message().contains("end-of-archive marker"), result.message());
        assertEquals(6, result.members().size(), "every member matched up to there");
    }

    @Test
    void aManifestEntryWithoutItsMemberIsDamage() throws Exception {
        Map<String, byte[]> members = members(archive);
        members.remove("volumes/garage_meta.tar");
        ArchiveCheck.Result result = check(rewrite(members, manifest(archive)));
        assertEquals("volumes/garage_meta.tar", result.damage().orElseThrow().member(), result.message());
        assertTrue(result.message().contains("missing"), result.message());
    }

    @Test
    void aMemberTheManifestDoesNotListIsDamage() throws Exception {
        Map<String, byte[]> members = members(archive);
        members.put("volumes/redis_data.tar", "queues".getBytes(StandardCharsets.UTF_8));
        ArchiveCheck.Result result = check(rewrite(members, manifest(archive)));
        assertEquals("volumes/redis_data.tar", result.damage().orElseThrow().member(), result.message());
        assertTrue(result.message().contains("extra member"), result.message());
    }

    @Test
    void aMemberTwiceIsDamage() throws Exception {
        Path twice = root.resolve("twice.tar.gz");
        try (TarWriter tar = new TarWriter(new GZIPOutputStream(Files.newOutputStream(twice)))) {
            tar.add(BackupManifest.PATH, 0600, 0, manifest(archive).bytes());
            for (Map.Entry<String, byte[]> member : members(archive).entrySet()) {
                tar.add(member.getKey(), 0600, 0, member.getValue());
            }
            tar.add("volumes/garage_meta.tar", 0600, 0, members(archive).get("volumes/garage_meta.tar"));
        }
        ArchiveCheck.Result result = check(twice);
        assertEquals("volumes/garage_meta.tar", result.damage().orElseThrow().member(), result.message());
        assertTrue(result.message().contains("twice"), result.message());
    }

    @Test
    void aMemberOfAnotherSizeIsDamage() throws Exception {
        Map<String, byte[]> members = members(archive);
        members.put(
                "database/reflector.sql",
                "CREATE TABLE meeting (title text, more text);\n".getBytes(StandardCharsets.UTF_8));
        ArchiveCheck.Result result = check(rewrite(members, manifest(archive)));
        assertEquals("database/reflector.sql", result.damage().orElseThrow().member(), result.message());
        assertTrue(result.message().contains("does not match manifest.json"), result.message());
    }

    @Test
    void aMemberOfTheSameSizeButOtherContentIsDamage() throws Exception {
        Map<String, byte[]> members = members(archive);
        byte[] changed = members.get("files/server/.env").clone();
        changed[changed.length - 2] ^= 1;
        members.put("files/server/.env", changed);
        ArchiveCheck.Result result = check(rewrite(members, manifest(archive)));
        assertEquals("files/server/.env", result.damage().orElseThrow().member(), result.message());
        assertTrue(result.message().contains("sha256 " + Sha256.hex(changed)), result.message());
    }

    @Test
    void oneFlippedByteInTheCompressedLastMemberIsDamage() throws Exception {
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length - 30] ^= 0x10;
        Path flipped = Files.write(root.resolve("flipped.tar.gz"), bytes);
        ArchiveCheck.Result result = check(flipped);
        assertFalse(result.whole(), "a flipped byte anywhere in the compressed data is found");
    }

    @Test
    void membersOutOfTheRestoresOrderAreDamage() throws Exception {
        Map<String, byte[]> members = members(archive);
        byte[] env = members.remove("files/.env");
        members.put("files/.env", env); // a file after the volumes
        ArchiveCheck.Result result = check(rewrite(members, manifest(archive)));
        assertEquals("files/.env", result.damage().orElseThrow().member(), result.message());
        assertTrue(result.message().contains("out of order"), result.message());
    }

    @Test
    void anArchiveOfThePreviousVersionIsWholeWithOneMemberPerVolume() throws Exception {
        Path old = Version1Archive.rewrite(archive, root.resolve("version1.tar.gz"));
        ArchiveCheck.Result result = check(old);
        assertTrue(result.whole(), result.message());
        assertEquals(1, result.manifest().schemaVersion());
        assertEquals(
                Map.of(
                        RecordedOptions.VERSION_1_KEY,
                        Version1Archive.version1Line(manifest(archive).installOptions())),
                result.manifest().installOptions(),
                "the install options as version 1 held them: a line of words");
        assertEquals(
                List.of(
                        "files/server/.env",
                        "files/.env",
                        "database/reflector.sql",
                        "volumes/server_data.tar",
                        "volumes/garage_meta.tar"),
                result.members().stream().map(ArchiveCheck.Member::path).toList());
    }

    @Test
    void inAnArchiveOfThePreviousVersionAVolumeBeforeTheDatabaseIsOutOfOrder() throws Exception {
        Path old = Version1Archive.rewrite(archive, root.resolve("version1.tar.gz"));
        Map<String, byte[]> members = members(old);
        byte[] dump = members.remove("database/reflector.sql");
        members.put("database/reflector.sql", dump);
        ArchiveCheck.Result result = check(rewrite(members, manifest(old)));
        assertEquals("database/reflector.sql", result.damage().orElseThrow().member(), result.message());
        assertTrue(result.message().contains("then the database, then the volumes"), result.message());
    }

    @Test
    void aChangesMemberIsOnlyForABulkVolumeOfAVersion2Archive() throws Exception {
        BackupManifest manifest = manifest(archive);
        List<BackupManifest.Entry> entries = new ArrayList<>(manifest.entries());
        entries.add(new BackupManifest.Entry(
                "volumes/garage_meta.changed.tar", BackupManifest.Type.VOLUME, "garage_meta", null, 0, "0".repeat(64)));
        BackupManifest withMetaChanges = new BackupManifest(
                manifest.schemaVersion(),
                manifest.createdAt(),
                manifest.installerVersion(),
                manifest.directory(),
                manifest.project(),
                manifest.reflectorVersion(),
                manifest.imageTag(),
                manifest.installOptions(),
                manifest.consistency(),
                entries);
        ArchiveCheck.Result result = check(rewrite(members(archive), withMetaChanges));
        assertEquals(
                "volumes/garage_meta.changed.tar", result.damage().orElseThrow().member(), result.message());
        assertTrue(result.message().contains("should be volumes/garage_meta.tar"), result.message());
    }

    @Test
    void somethingElseThanABackupIsBadInput() throws Exception {
        Path text = Files.writeString(root.resolve("x.tar.gz"), "hello");
        assertEquals(
                2,
                assertThrows(InstallerException.class, () -> check(text))
                        .exitCode()
                        .code());
        assertEquals(
                2,
                assertThrows(InstallerException.class, () -> check(root.resolve("missing.tar.gz")))
                        .exitCode()
                        .code());
        Path empty = Files.createFile(root.resolve("empty.tar.gz"));
        assertEquals(
                2,
                assertThrows(InstallerException.class, () -> check(empty))
                        .exitCode()
                        .code());
        Path other = gzip(tar(Map.of("notes.txt", "hello".getBytes(StandardCharsets.UTF_8))));
        InstallerException e = assertThrows(InstallerException.class, () -> check(other));
        assertEquals(2, e.exitCode().code());
        assertTrue(e.getMessage().contains("its first member is notes.txt"), e.getMessage());
    }

    static Map<String, byte[]> members(Path archive) throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            TarReader reader = new TarReader(in);
            for (Optional<TarEntry> entry = reader.next(); entry.isPresent(); entry = reader.next()) {
                members.put(entry.get().name(), reader.content().readAllBytes());
            }
        }
        members.remove(BackupManifest.PATH);
        return members;
    }

    static BackupManifest manifest(Path archive) throws IOException {
        try (Restore restore = Restore.open(archive)) {
            return restore.manifest();
        }
    }

    /** The archive with these members after the given manifest, which is not changed to match them. */
    Path rewrite(Map<String, byte[]> members, BackupManifest manifest) throws IOException {
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put(BackupManifest.PATH, manifest.bytes());
        all.putAll(members);
        return gzip(tar(all));
    }

    static byte[] tar(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes)) {
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                tar.add(member.getKey(), 0600, 0, member.getValue());
            }
        }
        return bytes.toByteArray();
    }

    Path gzip(byte[] content) throws IOException {
        Path file = Files.createTempFile(root, "archive", ".tar.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        return file;
    }

    static byte[] gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
