package reflector.setup.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tar.gz whose members' sizes are known only after their content: read whole by the JDK and by GNU tar. */
class TarGzFileTest {
    @TempDir
    Path dir;

    private final Random random = new Random(17);

    @Test
    void storedMembersHaveTheLengthTheirSizeGivesAndAnyReaderInflatesThem() throws IOException {
        for (int size : new int[] {0, 1, 512, 65_535, 65_536, 131_070, 131_071, 200_000}) {
            byte[] bytes = randomBytes(size);
            byte[] member = TarGzFile.stored(bytes);
            assertEquals(TarGzFile.storedLength(size), member.length, "size " + size);
            assertArrayEquals(
                    bytes, new GZIPInputStream(new ByteArrayInputStream(member)).readAllBytes(), "size " + size);
        }
    }

    @Test
    void membersStreamedAtAnyLevelAndAReservedFirstMemberReadBackInOrder() throws IOException {
        Map<String, byte[]> written = new LinkedHashMap<>();
        written.put("manifest.json", "{\"written\": \"last\"}".getBytes(StandardCharsets.UTF_8));
        written.put("files/.env", "A=1\n".getBytes(StandardCharsets.UTF_8));
        written.put("volumes/random.tar", randomBytes(300_001));
        written.put(
                "database/dump.sql",
                "INSERT INTO t VALUES (1);\n".repeat(20_000).getBytes(StandardCharsets.UTF_8));
        written.put("volumes/empty.tar", new byte[0]);
        Path file = dir.resolve("a.tar.gz");
        write(file, written);

        Map<String, byte[]> read = readWithTheJdk(file);
        assertEquals(List.copyOf(written.keySet()), List.copyOf(read.keySet()));
        assertEquals(
                "{\"written\": \"last\"}",
                new String(read.get("manifest.json"), StandardCharsets.UTF_8).strip(),
                "the reserved place holds the content, padded with spaces");
        for (String name : List.of("files/.env", "volumes/random.tar", "database/dump.sql", "volumes/empty.tar")) {
            assertArrayEquals(written.get(name), read.get(name), name);
        }
        assertTrue(Files.size(file) < 300_001 + 200_000, "the dump is compressed: " + Files.size(file));
    }

    @Test
    void gnuTarListsAndExtractsEveryMember() throws Exception {
        Map<String, byte[]> written = new LinkedHashMap<>();
        written.put("manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
        written.put("volumes/random.tar", randomBytes(70_000));
        written.put("database/dump.sql", "x".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("b.tar.gz");
        write(file, written);
        Path out = Files.createDirectory(dir.resolve("out"));
        Process tar = new ProcessBuilder("tar", "-xzf", file.toString(), "-C", out.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tar.waitFor(), output);
        assertArrayEquals(written.get("volumes/random.tar"), Files.readAllBytes(out.resolve("volumes/random.tar")));
        assertArrayEquals(written.get("database/dump.sql"), Files.readAllBytes(out.resolve("database/dump.sql")));
        assertEquals("{}", Files.readString(out.resolve("manifest.json")).strip());
    }

    @Test
    void manyMembersOfEverySizeAreAllReadThroughTheBufferedFileStreamTheRestoreUses() throws IOException {
        Map<String, byte[]> written = new LinkedHashMap<>();
        written.put("manifest.json", new byte[0]);
        for (int i = 0; i < 200; i++) {
            written.put("m" + i, randomBytes(random.nextInt(3 * 65_536)));
        }
        Path file = dir.resolve("c.tar.gz");
        write(file, written);
        Map<String, byte[]> read = readWithTheJdk(file);
        assertEquals(written.size(), read.size(), "no member boundary ends the gzip stream early");
        assertArrayEquals(written.get("m199"), read.get("m199"));
    }

    @Test
    void aReservedPlaceTooSmallIsRefused() throws IOException {
        try (FileChannel channel =
                FileChannel.open(dir.resolve("d.tar.gz"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TarGzFile archive = new TarGzFile(channel);
            TarGzFile.Reserved place = archive.reserve("manifest.json", 0600, 0, 10);
            archive.finish();
            assertThrows(IOException.class, () -> place.fill(new byte[11], (byte) ' '));
        }
    }

    @Test
    void aSecondMemberCannotBeginWhileOneIsOpen() throws IOException {
        try (FileChannel channel =
                FileChannel.open(dir.resolve("e.tar.gz"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TarGzFile archive = new TarGzFile(channel);
            archive.begin("a", 0600, 0, Deflater.NO_COMPRESSION);
            assertThrows(IllegalStateException.class, () -> archive.begin("b", 0600, 0, Deflater.NO_COMPRESSION));
        }
    }

    /** The first member is reserved and filled last; the others are streamed, every third one stored. */
    private static void write(Path file, Map<String, byte[]> members) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TarGzFile archive = new TarGzFile(channel);
            TarGzFile.Reserved first = null;
            int index = 0;
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                if (first == null) {
                    first = archive.reserve(member.getKey(), 0600, 0, 4096);
                    continue;
                }
                TarGzFile.Member open = archive.begin(
                        member.getKey(),
                        0600,
                        0,
                        index++ % 3 == 0 ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION);
                byte[] content = member.getValue();
                for (int offset = 0; offset < content.length; offset += 7_000) {
                    open.content().write(content, offset, Math.min(7_000, content.length - offset));
                }
                assertEquals(content.length, open.end());
            }
            archive.finish();
            first.fill(members.values().iterator().next(), (byte) ' ');
        }
    }

    private static Map<String, byte[]> readWithTheJdk(Path file) throws IOException {
        Map<String, byte[]> read = new LinkedHashMap<>();
        try (InputStream in =
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16)) {
            TarReader reader = new TarReader(in);
            for (var entry = reader.next(); entry.isPresent(); entry = reader.next()) {
                read.put(entry.get().name(), reader.content().readAllBytes());
            }
            assertTrue(reader.endOfArchive(), "the end-of-archive marker is read");
        }
        return read;
    }

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
