package reflector.setup.storage;

import java.util.Optional;

/** A run that points the backend at other objects than server/.env does now: from one location to another. */
public record StorageMove(StorageLocation from, StorageLocation to) {

    /** A move when the deployment has storage now and the run gives it another store, bucket or folder; a new region or key is none. */
    public static Optional<StorageMove> between(Optional<StorageLocation> current, StorageLocation planned) {
        return current.filter(now -> !now.sameObjectsAs(planned)).map(now -> new StorageMove(now, planned));
    }

    /** "from Garage (bucket reflector-media) to bucket media at https://s3.example.com". */
    public String describe() {
        return "from " + from.describe() + " to " + to.describe();
    }
}
