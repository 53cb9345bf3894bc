package reflector.setup.backup;

import java.io.IOException;
import java.time.Clock;
import java.util.zip.Deflater;
import reflector.setup.archive.ConcatenatedTar;
import reflector.setup.output.Console;
import reflector.setup.output.Progress;

/**
 * A bulk volume's two members of the archive, both stored without compression: every file while
 * the services run ({@link #start}), then, while they are paused, the files modified since that
 * copy began ({@link #finishWithChanges}). Extracted in order, the later copy of a file wins, so
 * a file that was half-written during the first copy is whole after the second.
 */
final class BulkCopy {
    private final String name;
    private final String dockerVolume;
    private final BackupManifest.Entry entry;
    private final Console console;
    private final Clock clock;
    /** When the first copy began, on the engine's clock, less a second: find compares whole seconds. */
    private final long began;

    private BulkCopy(
            String name, String dockerVolume, BackupManifest.Entry entry, Console console, Clock clock, long began) {
        this.name = name;
        this.dockerVolume = dockerVolume;
        this.entry = entry;
        this.console = console;
        this.clock = clock;
        this.began = began;
    }

    /** Copies every file of the volume into the archive while the services run. */
    static BulkCopy start(
            BackupArchive archive, VolumeCopy copy, String dockerVolume, String name, Console console, Clock clock)
            throws IOException {
        Progress progress = new Progress(
                console, clock, "volume " + name + " (while the services run)", copy.bytesUsed(dockerVolume));
        long[] began = new long[1];
        BackupManifest.Entry entry = archive.stream(
                Contents.volumePath(name),
                BackupManifest.Type.VOLUME,
                name,
                Deflater.NO_COMPRESSION,
                progress,
                out -> began[0] = copy.exportWhileRunning(dockerVolume, out) - 1);
        progress.done();
        return new BulkCopy(name, dockerVolume, entry, console, clock, began[0]);
    }

    /** The member of the first copy. */
    BackupManifest.Entry entry() {
        return entry;
    }

    /** Adds the member of the files modified since the first copy began. */
    BackupManifest.Entry finishWithChanges(BackupArchive archive, VolumeCopy copy) throws IOException {
        Progress progress = new Progress(console, clock, "volume " + name + " (changed during its copy, while paused)");
        BackupManifest.Entry changes = archive.stream(
                Contents.changedPath(name),
                BackupManifest.Type.VOLUME,
                name,
                Deflater.NO_COMPRESSION,
                progress,
                out -> {
                    ConcatenatedTar tars = new ConcatenatedTar(out);
                    copy.exportChangedSince(dockerVolume, began, tars);
                    tars.finish();
                });
        progress.done();
        return changes;
    }
}
