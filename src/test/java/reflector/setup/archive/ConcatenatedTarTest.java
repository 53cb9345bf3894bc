package reflector.setup.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tar streams joined into one that GNU tar reads whole. */
class ConcatenatedTarTest {
    @TempDir
    Path dir;

    static byte[] tar(String... nameThenContent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes)) {
            for (int i = 0; i < nameThenContent.length; i += 2) {
                tar.add(nameThenContent[i], 0644, 0, nameThenContent[i + 1].getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    static byte[] join(byte[]... streams) throws IOException {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        ConcatenatedTar tar = new ConcatenatedTar(joined);
        for (byte[] stream : streams) {
            // as a helper container's output arrives: in pieces that cut through headers
            for (int i = 0; i < stream.length; i += 77) {
                tar.write(stream, i, Math.min(77, stream.length - i));
            }
        }
        tar.finish();
        return joined.toByteArray();
    }

    @Test
    void oneStreamComesOutByteForByte() throws Exception {
        byte[] one = tar("a", "alpha", "dir/b", "beta");
        assertArrayEquals(one, join(one));
    }

    @Test
    void theEndOfEachStreamAndItsPaddingAreLeftOutAndGnuTarExtractsTheLastVersion() throws Exception {
        byte[] padded = Arrays.copyOf(tar("a", "first", "b", "kept"), 10240); // a record padded as GNU tar pads it
        byte[] joined = join(padded, tar("a", "second"), new byte[0]);
        List<String> names = new ArrayList<>();
        TarReader reader = new TarReader(new ByteArrayInputStream(joined));
        for (var entry = reader.next(); entry.isPresent(); entry = reader.next()) {
            names.add(entry.get().name());
        }
        assertEquals(List.of("a", "b", "a"), names);
        Path archive = Files.write(dir.resolve("joined.tar"), joined);
        Files.createDirectories(dir.resolve("out"));
        Process tar = new ProcessBuilder("tar", "-C", dir.resolve("out").toString(), "-xf", archive.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tar.waitFor(), output);
        assertEquals("second", Files.readString(dir.resolve("out/a")));
        assertEquals("kept", Files.readString(dir.resolve("out/b")));
    }

    @Test
    void aStreamCutInsideAnEntryCannotBeFinished() throws Exception {
        byte[] whole = tar("a", "x".repeat(2000));
        ConcatenatedTar tar = new ConcatenatedTar(new ByteArrayOutputStream());
        tar.write(whole, 0, 1000);
        assertThrows(IOException.class, tar::finish);
    }

    @Test
    void garbageIsNoTar() {
        ConcatenatedTar tar = new ConcatenatedTar(new ByteArrayOutputStream());
        byte[] garbage = new byte[512];
        Arrays.fill(garbage, (byte) 'x');
        assertThrows(IOException.class, () -> tar.write(garbage));
    }
}
