package reflector.setup.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Joins tar streams written one after another into one archive: each stream's entries pass
 * through unchanged, and the zero blocks that end a stream (with its record padding) are left
 * out, so that the entries of a later stream follow on and plain {@code tar -x} reads them all;
 * a file that is in several streams is extracted in its last version. {@link #finish()} ends the
 * whole archive.
 *
 * <p>A backup's second pass over a volume runs {@code find -exec tar {} +}, which starts tar once
 * per batch of names: this makes their streams one tar.
 */
public final class ConcatenatedTar extends FilterOutputStream {
    private final byte[] header = new byte[TarWriter.BLOCK];
    private int headerFill;
    /** Bytes of entry content (with its padding) still to pass before the next header. */
    private long content;

    private boolean finished;

    public ConcatenatedTar(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        if (finished) {
            throw new IOException("the archive is finished");
        }
        int end = offset + length;
        while (offset < end) {
            if (content > 0) {
                int n = (int) Math.min(content, end - offset);
                out.write(buffer, offset, n);
                content -= n;
                offset += n;
                continue;
            }
            int n = Math.min(TarWriter.BLOCK - headerFill, end - offset);
            System.arraycopy(buffer, offset, header, headerFill, n);
            headerFill += n;
            offset += n;
            if (headerFill == TarWriter.BLOCK) {
                headerFill = 0;
                takeHeader();
            }
        }
    }

    private void takeHeader() throws IOException {
        if (TarReader.isZero(header)) {
            return; // the end of one stream, or its record padding
        }
        TarReader.verifyChecksum(header);
        if (header[156] == 'S') {
            throw new IOException("a GNU sparse entry, which this archive does not carry");
        }
        long size = TarReader.size(header);
        out.write(header);
        content = (size + TarWriter.BLOCK - 1) / TarWriter.BLOCK * TarWriter.BLOCK;
    }

    /** Ends the archive with its two zero blocks; a stream cut inside an entry is an error. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (content > 0 || headerFill > 0) {
            throw new IOException("a tar stream ended inside an entry");
        }
        out.write(new byte[2 * TarWriter.BLOCK]);
        finished = true;
    }

    /** Closing does not finish: an unfinished archive must not look whole. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
