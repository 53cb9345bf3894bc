package reflector.setup.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import reflector.setup.archive.ConcatenatedTar;
import reflector.setup.output.Console;
import reflector.setup.text.Sha256;

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
    private final Instant started;
    private final Clock clock;

    private BulkCopy(String name, String dockerVolume, Path file, MessageDigest digest, Progress progress,
            ConcatenatedTar tar, Instant started, Clock clock) {
        this.name = name;
        this.dockerVolume = dockerVolume;
        this.file = file;
        this.digest = digest;
        this.progress = progress;
        this.tar = tar;
        this.started = started;
        this.clock = clock;
    }

    /** Copies every file of the volume while the services run. */
    static BulkCopy start(Path spool, VolumeCopy copy, String dockerVolume, String name, Console console, Clock clock)
            throws IOException {
        Path file = spool.resolve(name + ".tar");
        MessageDigest digest = Sha256.digest();
        Progress progress = new Progress(console, clock, "volume " + name + " (while the services run)",
                copy.bytesUsed(dockerVolume));
        Instant started = clock.instant();
        ConcatenatedTar tar = new ConcatenatedTar(progress.counting(new DigestOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16), digest)));
        BulkCopy bulk = new BulkCopy(name, dockerVolume, file, digest, progress, tar, started, clock);
        try {
            copy.export(dockerVolume, tar);
        } catch (RuntimeException e) {
            bulk.closeQuietly();
            throw e;
        }
        progress.done();
        return bulk;
    }

    String name() {
        return name;
    }

    /**
     * Adds the files modified since the first pass began (a minute's margin over the time passed,
     * as find counts whole minutes on the engine's clock), ends the tar and returns the member.
     */
    Backup.Part finishWithChanges(VolumeCopy copy) throws IOException {
        long minutes = Duration.between(started, clock.instant()).toSeconds() / 60 + 2;
        long before = progress.bytes();
        copy.exportChanged(dockerVolume, minutes, tar);
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
