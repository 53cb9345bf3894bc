package reflector.setup.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One gzip stream whose compression level can change between the parts written to it: a backup
 * stores recordings and storage blocks, which are compressed already (level 0: gzip's stored
 * blocks cost no CPU), and compresses the database dump and the files. Any gzip reader reads it.
 */
public final class LevelledGzipOutputStream extends GZIPOutputStream {
    public LevelledGzipOutputStream(OutputStream out, int bufferSize) throws IOException {
        super(out, bufferSize);
    }

    /** From the next byte written on: {@link Deflater#NO_COMPRESSION} up to {@link Deflater#BEST_COMPRESSION}. */
    public void level(int level) {
        def.setLevel(level);
    }
}
