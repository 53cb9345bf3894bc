package reflector.setup.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar writer and reader against each other and against GNU tar. */
class TarTest {
    @TempDir
    Path dir;

    @Test
    void whatTheWriterWritesTheReaderReadsBack() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes)) {
            tar.add("manifest.json", 0600, 1_700_000_000L, "{}".getBytes(StandardCharsets.UTF_8));
            tar.add("files/server/.env", 0600, 1_700_000_000L, new byte[0]);
            tar.add("volumes/server_data.tar", 0644, 1_700_000_000L, new byte[1025]);
        }
        TarReader reader = new TarReader(new ByteArrayInputStream(bytes.toByteArray()));
        List<String> names = new ArrayList<>();
        for (Optional<TarEntry> entry = reader.next(); entry.isPresent(); entry = reader.next()) {
            names.add(
                    entry.get().name() + " " + Integer.toOctalString(entry.get().mode()) + " "
                            + entry.get().size());
            if (entry.get().name().equals("manifest.json")) {
                assertEquals("{}", new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(
                List.of("manifest.json 600 2", "files/server/.env 600 0", "volumes/server_data.tar 644 1025"), names);
    }

    @Test
    void gnuTarExtractsWhatTheWriterWrites() throws Exception {
        Path archive = dir.resolve("a.tar");
        try (TarWriter tar = new TarWriter(Files.newOutputStream(archive))) {
            tar.add("files/www/.env", 0600, 1_700_000_000L, "NEXTAUTH_SECRET=x\n".getBytes(StandardCharsets.UTF_8));
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        Process tar = new ProcessBuilder("tar", "-xf", archive.toString(), "-C", out.toString())
                .inheritIO()
                .start();
        assertEquals(0, tar.waitFor());
        assertEquals("NEXTAUTH_SECRET=x\n", Files.readString(out.resolve("files/www/.env")));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("files/www/.env"))));
    }

    @Test
    void theReaderReadsWhatGnuTarWritesIncludingLongNames() throws Exception {
        Path source = Files.createDirectories(dir.resolve("src/" + "d".repeat(60) + "/" + "e".repeat(60)));
        Files.writeString(source.resolve("f.txt"), "hello");
        Path archive = dir.resolve("b.tar");
        Process tar = new ProcessBuilder(
                        "tar",
                        "-cf",
                        archive.toString(),
                        "-C",
                        dir.resolve("src").toString(),
                        ".")
                .inheritIO()
                .start();
        assertEquals(0, tar.waitFor());
        TarReader reader = new TarReader(Files.newInputStream(archive));
        List<String> names = new ArrayList<>();
        for (Optional<TarEntry> entry = reader.next(); entry.isPresent(); entry = reader.next()) {
            names.add(entry.get().name());
            assertEquals("hello", new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(1, names.size(), names.toString());
        assertTrue(names.get(0).endsWith("d".repeat(60) + "/" + "e".repeat(60) + "/f.txt"), names.toString());
    }

    @Test
    void sizesOfEightGibibytesAndMoreUseBase256() throws Exception {
        long size = 9L << 30;
        byte[] header = TarWriter.header(new TarEntry("big", 0644, size, 0));
        assertEquals((byte) 0x80, header[124]);
        // Only the header is checked: the reader must take the size back from it.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(header);
        TarReader reader = new TarReader(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(size, reader.next().orElseThrow().size());
    }

    @Test
    void aDamagedArchiveIsNamedAsSuch() {
        byte[] junk = new byte[512];
        Arrays.fill(junk, (byte) 'x');
        assertThrows(IOException.class, () -> new TarReader(new ByteArrayInputStream(junk)).next());
    }

    @Test
    void theEndOfArchiveMarkerTellsAWholeArchiveFromACutOne() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes)) {
            tar.add("a", 0600, 0, new byte[10]);
        }
        byte[] whole = bytes.toByteArray();
        TarReader reader = new TarReader(new ByteArrayInputStream(whole));
        reader.next().orElseThrow();
        assertTrue(reader.next().isEmpty());
        assertTrue(reader.endOfArchive());

        // Cut after the member: no marker. Cut after one zero block: half a marker.
        for (int length : new int[] {1024, 1536}) {
            TarReader cut = new TarReader(new ByteArrayInputStream(Arrays.copyOf(whole, length)));
            cut.next().orElseThrow();
            assertTrue(cut.next().isEmpty());
            assertFalse(cut.endOfArchive(), "cut at " + length);
        }
        // Cut inside a header.
        TarReader inHeader = new TarReader(new ByteArrayInputStream(Arrays.copyOf(whole, 100)));
        assertThrows(IOException.class, inHeader::next);
    }

    @Test
    void entriesThatAreNotFilesAreNamedAsSkipped() throws Exception {
        Files.createDirectories(dir.resolve("src/sub"));
        Files.writeString(dir.resolve("src/sub/f.txt"), "hello");
        Path archive = dir.resolve("c.tar");
        Process tar = new ProcessBuilder(
                        "tar",
                        "-cf",
                        archive.toString(),
                        "-C",
                        dir.resolve("src").toString(),
                        "sub")
                .inheritIO()
                .start();
        assertEquals(0, tar.waitFor());
        TarReader reader = new TarReader(Files.newInputStream(archive));
        assertEquals("sub/f.txt", reader.next().orElseThrow().name());
        assertEquals(List.of("sub/"), reader.skipped());
        assertTrue(reader.next().isEmpty());
        assertTrue(reader.endOfArchive(), "GNU tar's marker, then its record's zeros");
    }

    @Test
    void contentShorterThanAnnouncedIsRefused() {
        assertThrows(IOException.class, () -> new TarWriter(OutputStream.nullOutputStream())
                .add(new TarEntry("x", 0600, 10, 0), new ByteArrayInputStream(new byte[3])));
        assertThrows(IllegalArgumentException.class, () -> TarWriter.header(new TarEntry("../x", 0600, 0, 0)));
    }
}
