package reflector.setup.storage;

import java.io.IOException;
import reflector.setup.s3.ObjectListing;
import reflector.setup.s3.S3Client;
import reflector.setup.text.Sizes;

/** How many objects, and how many bytes, a location holds: the backend's keys, under its folder. */
public record StoredObjects(long count, long bytes) {

    /** Counted through ListObjectsV2, page by page. */
    public static StoredObjects in(S3Client s3, StorageLocation location) throws IOException, InterruptedException {
        long[] totals = new long[2];
        ObjectListing.forEachPage(s3, location.bucket(), location.prefix(), ObjectListing.PAGE_SIZE, entries -> {
            for (ObjectListing.Entry entry : entries) {
                if (location.name(entry.key()).isPresent()) {
                    totals[0]++;
                    totals[1] += entry.size();
                }
            }
        });
        return new StoredObjects(totals[0], totals[1]);
    }

    /** "12 objects (3.4 MiB)", "1 object (512 B)", "no objects". */
    public String describe() {
        if (count == 0) {
            return "no objects";
        }
        return count + (count == 1 ? " object (" : " objects (") + Sizes.human(bytes) + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
