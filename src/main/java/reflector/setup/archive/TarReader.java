package reflector.setup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the regular files of a tar archive one after the other: {@link #next()} gives the next
 * entry, {@link #content()} its bytes (read them, or not: the next call skips what is left).
 * ustar and GNU archives, with base-256 sizes and PAX or GNU long names; other entry types
 * (directories, links) are skipped, and named in {@link #skipped()}. An archive that stops
 * inside a header or a file is an IOException; one that stops between entries, without the
 * end-of-archive marker, ends with {@link #endOfArchive()} false, so that a caller who must
 * know the archive is whole can tell.
 */
public final class TarReader {
    private final InputStream in;
    private final List<String> skipped = new ArrayList<>();
    private long remaining;
    private long padding;
    private String longName;
    private boolean endOfArchive;

    public TarReader(InputStream in) {
        this.in = in;
    }

    public Optional<TarEntry> next() throws IOException {
        while (true) {
            skip(remaining + padding);
            remaining = 0;
            padding = 0;
            byte[] header = in.readNBytes(TarWriter.BLOCK);
            if (header.length == 0) {
                return Optional.empty();
            }
            if (header.length < TarWriter.BLOCK) {
                throw new IOException("the archive ends inside a tar header");
            }
            if (isZero(header)) {
                // The end-of-archive marker is two zero blocks; one alone is what a cut archive leaves.
                byte[] second = in.readNBytes(TarWriter.BLOCK);
                endOfArchive = second.length == TarWriter.BLOCK && isZero(second);
                return Optional.empty();
            }
            verifyChecksum(header);
            long size = size(header);
            char type = (char) header[156];
            String name = longName != null ? longName : name(header);
            longName = null;
            remaining = size;
            padding = (TarWriter.BLOCK - size % TarWriter.BLOCK) % TarWriter.BLOCK;
            if (type == 'L') {
                longName = trimNul(new String(readBody(size), StandardCharsets.UTF_8));
                continue;
            }
            if (type == 'x') {
                longName = paxPath(new String(readBody(size), StandardCharsets.UTF_8));
                continue;
            }
            if (type != '0' && type != 0) {
                skipped.add(name);
                continue;
            }
            return Optional.of(new TarEntry(name, (int) octal(header, 100, 8), size, octal(header, 136, 12)));
        }
    }

    /** Whether the archive ended with its end-of-archive marker (two zero blocks), once {@link #next()} found no entry. */
    public boolean endOfArchive() {
        return endOfArchive;
    }

    /** The entries that are not regular files (directories, links, devices) passed over so far. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** The current entry's bytes; it ends at the entry's end. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(buffer, offset, (int) Math.min(length, remaining));
                if (n < 0) {
                    throw new IOException("the archive ends inside a file");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private byte[] readBody(long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("an extended header of " + size + " bytes");
        }
        byte[] body = in.readNBytes((int) size);
        remaining = 0;
        return body;
    }

    private void skip(long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("the archive ends inside a file");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static String name(byte[] header) {
        String name = trimNul(new String(header, 0, 100, StandardCharsets.UTF_8));
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? trimNul(new String(header, 345, 155, StandardCharsets.UTF_8)) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    static long size(byte[] header) throws IOException {
        if ((header[124] & 0x80) != 0) {
            long size = 0;
            for (int i = 125; i < 136; i++) {
                size = (size << 8) | (header[i] & 0xff);
            }
            return size;
        }
        return octal(header, 124, 12);
    }

    private static long octal(byte[] header, int offset, int length) throws IOException {
        String text = trimNul(new String(header, offset, length, StandardCharsets.US_ASCII))
                .trim();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar header (field '" + text + "')");
        }
    }

    static void verifyChecksum(byte[] header) throws IOException {
        long sum = 0;
        for (int i = 0; i < header.length; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        if (sum != octal(header, 148, 8)) {
            throw new IOException("not a tar archive, or a damaged one (header checksum)");
        }
    }

    static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String trimNul(String text) {
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }
}
