package reflector.setup.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A tar.gz written straight into its file, member by member, where a member's size need not be
 * known before its content is: each tar header is a gzip member of its own, written in gzip's
 * stored form (so its length does not depend on what it says) and overwritten in place once the
 * content has passed ({@link #begin}, {@link Member#end}). The content follows as another gzip
 * member at the level the caller chose. A gzip stream of several members is one stream to every
 * gzip reader (RFC 1952, 2.2), so {@code tar -xzf} and the JDK read the file as one tar archive.
 *
 * <p>This lets a backup stream a volume from its helper container into the archive without a copy
 * on disk, and still put a manifest with every member's size and SHA-256 first: the manifest's
 * place is {@link #reserve reserved} at the start and filled at the end.
 */
public final class TarGzFile {
    /** The most a deflate stored block holds. */
    private static final int STORED_BLOCK = 65_535;

    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final FileChannel file;
    private Member open;
    private boolean finished;

    public TarGzFile(FileChannel file) {
        this.file = file;
    }

    /** A place at the start for one member whose content, of at most {@code capacity} bytes, is given at the end. */
    public Reserved reserve(String name, int mode, long modifiedSeconds, int capacity) throws IOException {
        requireNothingOpen();
        long position = file.position();
        append(stored(new byte[TarWriter.BLOCK + padded(capacity)]));
        return new Reserved(position, new TarEntry(name, mode, capacity, modifiedSeconds));
    }

    /** A member of small content known now, compressed at {@code level}. */
    public void add(TarEntry entry, byte[] content, int level) throws IOException {
        Member member = begin(entry.name(), entry.mode(), entry.modifiedSeconds(), level);
        member.content().write(content);
        member.end();
    }

    /**
     * A member whose content is written to {@link Member#content()} at {@code level}
     * ({@link Deflater#NO_COMPRESSION} for what is compressed already), and whose size is set by
     * {@link Member#end()}. One member is open at a time.
     */
    public Member begin(String name, int mode, long modifiedSeconds, int level) throws IOException {
        requireNothingOpen();
        long headerPosition = file.position();
        TarEntry placeholder = new TarEntry(name, mode, 0, modifiedSeconds);
        append(stored(TarWriter.header(placeholder)));
        open = new Member(placeholder, headerPosition, level);
        return open;
    }

    /** The tar end-of-archive marker; the file is whole after this, but for a reserved place not yet filled. */
    public void finish() throws IOException {
        requireNothingOpen();
        if (!finished) {
            append(stored(new byte[2 * TarWriter.BLOCK]));
            finished = true;
        }
    }

    private void requireNothingOpen() {
        if (open != null) {
            throw new IllegalStateException("member " + open.entry.name() + " is still open");
        }
    }

    private void append(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            file.write(buffer);
        }
    }

    private void writeFully(byte[] bytes, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        for (long at = position; buffer.hasRemaining(); ) {
            at += file.write(buffer, at);
        }
    }

    /** A reserved place at the start of the archive. */
    public final class Reserved {
        private final long position;
        private final TarEntry entry;

        private Reserved(long position, TarEntry entry) {
            this.position = position;
            this.entry = entry;
        }

        /** Writes the member, padded with {@code pad} bytes to the capacity reserved (JSON takes spaces). */
        public void fill(byte[] content, byte pad) throws IOException {
            int capacity = (int) entry.size();
            if (content.length > capacity) {
                throw new IOException(entry.name() + " is " + content.length + " bytes, more than the " + capacity
                        + " reserved for it");
            }
            byte[] member = new byte[TarWriter.BLOCK + padded(capacity)];
            System.arraycopy(TarWriter.header(entry), 0, member, 0, TarWriter.BLOCK);
            System.arraycopy(content, 0, member, TarWriter.BLOCK, content.length);
            Arrays.fill(member, TarWriter.BLOCK + content.length, TarWriter.BLOCK + capacity, pad);
            writeFully(stored(member), position);
        }
    }

    /** The member being written. */
    public final class Member {
        private final TarEntry entry;
        private final long headerPosition;
        private final GZIPOutputStream gzip;
        private final OutputStream content;
        private long size;

        private Member(TarEntry entry, long headerPosition, int level) throws IOException {
            this.entry = entry;
            this.headerPosition = headerPosition;
            OutputStream toFile = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
                    while (bytes.hasRemaining()) {
                        file.write(bytes);
                    }
                }

                /** Closing the gzip member must not close the archive's file. */
                @Override
                public void close() {}
            };
            this.gzip = new GZIPOutputStream(toFile, 1 << 16) {
                {
                    def.setLevel(level);
                }
            };
            this.content = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    gzip.write(b);
                    size++;
                }

                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    gzip.write(buffer, offset, length);
                    size += length;
                }

                /** The member is ended by {@link Member#end()}, not by whoever wrote its content. */
                @Override
                public void close() {}
            };
        }

        /** Where the member's content goes. */
        public OutputStream content() {
            return content;
        }

        /** Pads the content to whole tar blocks, ends its gzip member and writes the header with its size. */
        public long end() throws IOException {
            gzip.write(new byte[(int) ((TarWriter.BLOCK - size % TarWriter.BLOCK) % TarWriter.BLOCK)]);
            gzip.close(); // ends the gzip member and frees its deflater; the file stays open
            writeFully(
                    stored(TarWriter.header(new TarEntry(entry.name(), entry.mode(), size, entry.modifiedSeconds()))),
                    headerPosition);
            open = null;
            return size;
        }
    }

    private static int padded(int size) {
        return (size + TarWriter.BLOCK - 1) / TarWriter.BLOCK * TarWriter.BLOCK;
    }

    /** The length of {@code length} bytes as one gzip member of stored deflate blocks. */
    static long storedLength(int length) {
        int blocks = Math.max(1, (length + STORED_BLOCK - 1) / STORED_BLOCK);
        return GZIP_HEADER.length + 5L * blocks + length + 8;
    }

    /** The bytes as one gzip member of stored deflate blocks: its length depends only on theirs. */
    static byte[] stored(byte[] bytes) {
        ByteBuffer out = ByteBuffer.allocate((int) storedLength(bytes.length)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(GZIP_HEADER);
        int offset = 0;
        do {
            int length = Math.min(STORED_BLOCK, bytes.length - offset);
            boolean last = offset + length == bytes.length;
            out.put((byte) (last ? 1 : 0));
            out.putShort((short) length);
            out.putShort((short) ~length);
            out.put(bytes, offset, length);
            offset += length;
        } while (offset < bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        out.putInt((int) crc.getValue());
        out.putInt(bytes.length);
        return out.array();
    }
}
