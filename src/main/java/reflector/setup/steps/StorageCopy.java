package reflector.setup.steps;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import reflector.setup.catalog.Service;
import reflector.setup.output.Progress;
import reflector.setup.s3.S3Client;
import reflector.setup.s3.SigV4;
import reflector.setup.storage.BucketCopy;
import reflector.setup.storage.StorageMove;
import reflector.setup.storage.StoredObjects;
import reflector.setup.text.Sizes;
import reflector.setup.verify.CheckFailed;
import reflector.setup.verify.StorageCheck;

/**
 * The copy of a storage move with --move-storage copy, run by the storage step once the new
 * storage is ready and before server/.env points the backend at it: the new location is first
 * proven to take an object (a failure there names the key or bucket problem), then every object
 * is copied ({@link BucketCopy}), and a second pass copies what the backend stored meanwhile. A
 * failure stops the run with server/.env unchanged, so the same command continues the copy.
 */
final class StorageCopy {
    /** How long a read of a listing, an object or a PUT's answer may stall. */
    static final Duration S3_TIMEOUT = Duration.ofMinutes(5);

    private StorageCopy() {}

    static void run(StepContext context, StorageMove move, SigV4.Credentials fromKey, SigV4.Credentials toKey)
            throws InterruptedException {
        S3Client from = StorageAccess.client(context, move.from(), fromKey, S3_TIMEOUT);
        S3Client to = StorageAccess.client(context, move.to(), toKey, S3_TIMEOUT);
        String blamed = move.to().isGarage() ? Service.GARAGE.serviceName() : null;
        try {
            context.note(new StorageCheck(
                            to,
                            move.to().bucket(),
                            move.to().prefix(),
                            toKey.accessKeyId(),
                            move.to().region())
                    .run(context.random()));
        } catch (CheckFailed e) {
            throw new ServiceFailure(blamed, "the new storage cannot take the copy: " + e.getMessage(), e);
        }
        BucketCopy copy = new BucketCopy(from, move.from(), to, move.to());
        try {
            StoredObjects held = StoredObjects.in(from, move.from());
            Progress progress = new Progress(
                    context.console(),
                    context.clock(),
                    "objects copied to " + move.to().describe(),
                    OptionalLong.of(held.bytes()));
            BucketCopy.Listener listener = new BucketCopy.Listener() {
                @Override
                public InputStream reading(String name, long size, InputStream body) {
                    return progress.counting(body);
                }

                @Override
                public void copied(String name, long size) {
                    context.console().detail("copied " + name + " (" + Sizes.human(size) + ")");
                }
            };
            BucketCopy.Result first = copy.copy(listener);
            // What the backend stored while the first pass ran: it still writes to the old location until it restarts.
            BucketCopy.Result second = copy.copy(listener);
            progress.done();
            long copied = first.copied() + second.copied();
            String there = first.skipped() == 0
                    ? ""
                    : "; already there: " + new StoredObjects(first.skipped(), first.skippedBytes()).describe();
            String done = new StoredObjects(copied, first.copiedBytes() + second.copiedBytes()).describe();
            StorageMoveStep.fact(context, move, "copied " + done + there);
            if (copied == 0) {
                context.note("nothing to copy " + move.describe() + there);
            } else {
                context.changed(Change.of(
                        "copy-objects",
                        List.of(),
                        "copy " + done + " " + move.describe() + ", each verified by size and checksum" + there));
            }
        } catch (IOException e) {
            throw new ServiceFailure(
                    blamed,
                    "copying the stored objects " + move.describe() + " stopped: "
                            + e.getMessage()
                            + ". server/.env still names the old storage; the objects copied so far stay, and "
                            + "the same command continues the copy",
                    e);
        }
    }
}
