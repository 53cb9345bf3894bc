package reflector.setup.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import reflector.setup.archive.ConcatenatedTar;
import reflector.setup.output.Console;
import reflector.setup.text.Sha256;
import reflector.setup.text.Sizes;
import reflector.setup.output.Progress;

/**
 * One bulk volume's member of the archive, in two passes into one spooled tar: every file while
 * the services run ({@link #start}), then, while they are paused, the files modified since that
 * pass began ({@link #finishWithChanges}). Extracted in order, the later copy of a file wins, so
 * a file that was half-written during the first pass is whole after the second.
 */
final class BulkCopy {
    private final String name;
    private final String dockerVolume;
    private final Path file;
    private final MessageDigest digest;
    private final Progress progress;
    private final ConcatenatedTar tar;
    /** When the first pass began, on the engine's clock, less a second: find compares whole seconds. */
    private final long began;

    private BulkCopy(String name, String dockerVolume, Path file, MessageDigest digest, Progress progress,
            ConcatenatedTar tar, long began) {
        this.name = name;
        this.dockerVolume = dockerVolume;
        this.file = file;
        this.digest = digest;
        this.progress = progress;
        this.tar = tar;
        this.began = began;
    }

    /** Copies every file of the volume while the services run. */
    static BulkCopy start(Path spool, VolumeCopy copy, String dockerVolume, String name, Console console, Clock clock)
            throws IOException {
        Path file = spool.resolve(name + ".tar");
        MessageDigest digest = Sha256.digest();
        Progress progress = new Progress(console, clock, "volume " + name + " (while the services run)",
                copy.bytesUsed(dockerVolume));
        ConcatenatedTar tar = new ConcatenatedTar(progress.counting(new DigestOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16), digest)));
        long began;
        try {
            began = copy.exportWhileRunning(dockerVolume, tar) - 1;
        } catch (RuntimeException e) {
            tar.close();
            throw e;
        }
        progress.done();
        return new BulkCopy(name, dockerVolume, file, digest, progress, tar, began);
    }

    String name() {
        return name;
    }

    /** Adds the files modified since the first pass began, ends the tar and returns the member. */
    Backup.Part finishWithChanges(VolumeCopy copy) throws IOException {
        long before = progress.bytes();
        copy.exportChangedSince(dockerVolume, began, tar);
        tar.finish();
        tar.close();
        progress.console().info("volume " + name + ": " + Sizes.human(progress.bytes() - before)
                + " changed during its copy, added while paused");
        return new Backup.Part(new BackupManifest.Entry(Contents.volumePath(name), BackupManifest.Type.VOLUME, name, null,
                Files.size(file), HexFormat.of().formatHex(digest.digest())), null, file, true);
    }

    void closeQuietly() {
        try {
            tar.close();
        } catch (IOException ignored) {
            // the spool is deleted with its directory
        }
    }

}
