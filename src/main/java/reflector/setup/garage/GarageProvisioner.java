package reflector.setup.garage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Brings Garage to the state Reflector needs; safe to run again, it changes only what is missing. */
public final class GarageProvisioner {
    private final GarageAdminClient client;

    public GarageProvisioner(GarageAdminClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The key Reflector uses (returned on every run so it can be written again) and what this run changed. */
    public record Result(String accessKeyId, String secretAccessKey, List<String> changes) {
        public Result {
            changes = List.copyOf(changes);
        }

        @Override
        public String toString() {
            return "Result[accessKeyId=" + accessKeyId + ", secretAccessKey=****, changes=" + changes + "]";
        }
    }

    public Result ensure(String bucket, String keyName, String zone, long capacityBytes)
            throws IOException, InterruptedException {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("Garage capacity must be positive, got " + capacityBytes);
        }
        List<String> changes = new ArrayList<>();

        ClusterStatus status = client.status();
        if (!status.thisNodeHasRole()) {
            ClusterLayout staged = client.stageRole(status.nodeId(), zone, capacityBytes);
            client.applyLayout(staged.version() + 1);
            changes.add("assigned layout role (zone " + zone + ", " + siBytes(capacityBytes) + ")");
        }

        BucketInfo bucketInfo = client.findBucket(bucket).orElse(null);
        if (bucketInfo == null) {
            bucketInfo = client.createBucket(bucket);
            changes.add("created bucket " + bucket);
        }

        // Garage key names are not unique, so only search-then-create keeps reruns from piling up keys.
        KeyInfo key = client.findKey(keyName).orElse(null);
        if (key == null) {
            key = client.createKey(keyName);
            changes.add("created key " + keyName);
        }
        if (key.secretAccessKey() == null) {
            throw new IOException("Garage did not return the secret of key " + key.accessKeyId());
        }

        boolean alreadyGranted = bucketInfo.grantsReadWrite(key.accessKeyId());
        client.allow(bucketInfo.id(), key.accessKeyId(), true, true);
        if (!alreadyGranted) {
            changes.add("granted key " + keyName + " read+write on bucket " + bucket);
        }
        return new Result(key.accessKeyId(), key.secretAccessKey(), changes);
    }

    /** Garage counts capacity in SI units (1 GB = 10^9 bytes), so the change line does too. */
    static String siBytes(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        double tenths = Math.round(value * 10) / 10.0;
        String number =
                tenths == Math.rint(tenths) ? Long.toString((long) tenths) : String.format(Locale.ROOT, "%.1f", tenths);
        return number + " " + units[unit];
    }
}
