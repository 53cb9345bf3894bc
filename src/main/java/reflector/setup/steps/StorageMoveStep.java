package reflector.setup.steps;

import static reflector.setup.config.DeploymentFiles.SERVER_ENV;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.config.MoveStorage;
import reflector.setup.config.Settings;
import reflector.setup.core.InstallerException;
import reflector.setup.core.IoErrors;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.envfile.EnvFile;
import reflector.setup.s3.SigV4;
import reflector.setup.storage.BucketCopy;
import reflector.setup.storage.StorageLocation;
import reflector.setup.storage.StorageMove;
import reflector.setup.storage.StoredObjects;

/**
 * Before anything is written: does this run move the backend's storage to other objects (Garage
 * to external S3, back, or another bucket or store)? server/.env's TRANSCRIPT_STORAGE_* now are
 * compared with what the storage step will write ({@link StorageValues}). A move says how many
 * objects and bytes the old location holds (listed through its S3 API), and goes on only as
 * --move-storage says: {@code copy} (the storage step copies them once the new storage is ready)
 * or {@code leave} (they stay behind, and the run says so). Without it the run stops here with
 * exit 2, naming both and the counts, and nothing on disk has changed. A dry run says the same and
 * goes on.
 */
public final class StorageMoveStep implements Step {
    static final String NAME = "storage-move";
    static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "where the stored recordings are, and whether this run moves them";
    }

    @Override
    public boolean selectable() {
        return false;
    }

    @Override
    public Optional<String> notApplicable(Settings settings) {
        return settings.run().steps().runs("storage") ? Optional.empty() : Optional.of("the storage step does not run");
    }

    @Override
    public void run(StepContext context) throws InterruptedException {
        DeploymentSettings settings = context.deploymentSettings();
        EnvFile server = serverEnv(context);
        if (!settings.garage()) {
            StorageValues.completeExternal(settings.s3(), server);
        }
        Optional<StorageMove> found = StorageValues.move(settings, server);
        Optional<MoveStorage> choice = context.runSettings().moveStorage();
        if (found.isEmpty()) {
            choice.ifPresent(
                    ignored -> context.note("--move-storage " + ignored + ": this run does not move the storage ("
                            + StorageLocation.fromEnv(server)
                                    .map(StorageLocation::describe)
                                    .orElse("none yet") + "), so there is "
                            + "nothing to " + ignored));
            return;
        }
        StorageMove move = found.get();
        if (BucketCopy.nested(move.from(), move.to())) {
            throw InstallerException.badInput(
                    "the storage cannot move " + move.describe() + ": one is a folder of the other in the same bucket");
        }
        Counted old = count(context, move.from(), server);
        if (old.objects().map(objects -> objects.count() == 0).orElse(false)) {
            fact(context, move, move.from().describe() + " held no objects");
            context.note("the storage moves " + move.describe() + "; "
                    + move.from().describe() + " holds no objects, so nothing stays behind"
                    + choice.map(c -> " and nothing is to " + c).orElse(""));
            return;
        }
        String held = old.describe() + " in " + move.from().describe();
        if (choice.isEmpty()) {
            String refusal = "this run moves the storage " + move.describe() + ", and " + held + " would stay behind: "
                    + "give --move-storage copy (copy them to the new bucket, same keys) or --move-storage leave "
                    + "(leave them where they are)";
            if (!context.dryRun()) {
                throw InstallerException.badInput(refusal);
            }
            fact(context, move, "a real run stops without --move-storage (" + held + ")");
            context.warn("a real run stops here (exit 2): " + refusal);
            return;
        }
        if (choice.get() == MoveStorage.leave) {
            fact(context, move, held + " left behind (--move-storage leave)");
            context.warn(held + " stay behind (--move-storage leave): the backend uses "
                    + move.to().describe() + " from now on"
                    + (move.from().isGarage() ? "; Garage's volumes keep them" : ""));
            return;
        }
        if (old.objects().isEmpty()) {
            String why = "the objects cannot be copied " + move.describe() + ": " + old.describe();
            if (!context.dryRun()) {
                throw InstallerException.environment(why
                        + (move.from().isGarage()
                                ? "; Garage must run (start the deployment as it is), or give --move-storage leave"
                                : ""));
            }
            context.warn("a real run stops here (exit 3): " + why);
            return;
        }
        if (context.dryRun()) {
            fact(context, move, "would copy " + held);
            context.planned("copy " + held + " to " + move.to().describe() + " through the S3 APIs, under the same "
                    + "keys (objects already there with the same size and checksum are skipped)");
        } else {
            context.note("the storage moves " + move.describe() + ": the storage step copies " + held
                    + " once the new storage is ready");
        }
    }

    /** The summary's line about the move. */
    static void fact(StepContext context, StorageMove move, String what) {
        context.report().storageMove(move.describe() + ": " + what);
    }

    static EnvFile serverEnv(StepContext context) {
        return EnvEditor.parse(SERVER_ENV, context.workspace().read(SERVER_ENV).orElse(""));
    }

    /** The old location's objects, counted through its S3 API with server/.env's key; or why they could not be. */
    private static Counted count(StepContext context, StorageLocation from, EnvFile server)
            throws InterruptedException {
        Optional<SigV4.Credentials> credentials = StorageAccess.credentials(context, server);
        if (credentials.isEmpty()) {
            return new Counted(Optional.empty(), "server/.env has no access key for it");
        }
        try {
            return new Counted(
                    Optional.of(StoredObjects.in(
                            StorageAccess.client(context, from, credentials.get(), LIST_TIMEOUT), from)),
                    "");
        } catch (IOException e) {
            return new Counted(Optional.empty(), "listing them failed: " + IoErrors.describe(e));
        } catch (DockerUnavailableException e) {
            // Garage's published port comes from Compose; a dry run goes on without Docker.
            return new Counted(Optional.empty(), "Docker does not answer: " + e.getMessage());
        }
    }

    /** The objects counted, or why not. */
    private record Counted(Optional<StoredObjects> objects, String failure) {
        String describe() {
            return objects.map(StoredObjects::describe).orElse("an unknown number of objects (" + failure + ")");
        }
    }
}
