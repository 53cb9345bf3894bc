package reflector.setup.archive;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes regular files as a POSIX ustar archive, which GNU tar, bsdtar and busybox read. Sizes
 * of 8 GiB and more use the base-256 size field (as GNU tar writes them). Names are relative and
 * at most 100 bytes; directories are not written (tar creates them on extraction).
 */
public final class TarWriter implements Closeable {
    static final int BLOCK = 512;
    private static final long OCTAL_SIZE_LIMIT = 077777777777L;

    private final OutputStream out;
    private boolean finished;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    public void add(TarEntry entry, InputStream content) throws IOException {
        out.write(header(entry));
        long copied = copy(content, out, entry.size());
        if (copied != entry.size()) {
            throw new IOException(entry.name() + ": " + copied + " bytes where " + entry.size() + " were announced");
        }
        int pad = (int) ((BLOCK - entry.size() % BLOCK) % BLOCK);
        out.write(new byte[pad]);
    }

    public void add(String name, int mode, long modifiedSeconds, byte[] content) throws IOException {
        add(new TarEntry(name, mode, content.length, modifiedSeconds), new ByteArrayInputStream(content));
    }

    /** The end-of-archive marker: two zero blocks. */
    public void finish() throws IOException {
        if (!finished) {
            out.write(new byte[2 * BLOCK]);
            out.flush();
            finished = true;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }

    static byte[] header(TarEntry entry) {
        byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
        if (name.length == 0
                || name.length > 100
                || entry.name().startsWith("/")
                || entry.name().contains("..")) {
            throw new IllegalArgumentException("not a tar member name this writer takes: " + entry.name());
        }
        byte[] header = new byte[BLOCK];
        System.arraycopy(name, 0, header, 0, name.length);
        octal(header, 100, 8, entry.mode() & 07777);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        if (entry.size() > OCTAL_SIZE_LIMIT) {
            header[124] = (byte) 0x80;
            long size = entry.size();
            for (int i = 135; i > 124; i--) {
                header[i] = (byte) (size & 0xff);
                size >>>= 8;
            }
        } else {
            octal(header, 124, 12, entry.size());
        }
        octal(header, 136, 12, Math.max(0, entry.modifiedSeconds()));
        header[156] = '0';
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        byte[] checksum = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksum, 0, header, 148, 6);
        header[154] = 0;
        header[155] = ' ';
        return header;
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
        byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, length - 1);
        header[offset + length - 1] = 0;
    }

    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }
}
