package reflector.setup.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.config.S3Settings;
import reflector.setup.core.InstallerException;
import reflector.setup.envfile.EnvFile;
import reflector.setup.storage.StorageLocation;
import reflector.setup.storage.StorageMove;

/**
 * The storage a run gives the backend, worked out once for the steps that need it before and
 * while it is written: {@link StorageMoveStep} (is this a move?) and {@link StorageStep} (write it).
 * With --garage, Garage's bucket; otherwise the --s3-* values given now, over those server/.env has,
 * except Garage's own: they are no external store's, so leaving --garage out needs every value.
 */
final class StorageValues {
    static final String ACCESS_KEY_ID = "TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID";
    static final String SECRET_ACCESS_KEY = "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY";
    static final String BUCKET_NAME = "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME";
    static final String REGION = "TRANSCRIPT_STORAGE_AWS_REGION";
    static final String ENDPOINT_URL = "TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL";

    private StorageValues() {}

    /** The external storage's values after this run: each given one, else server/.env's (not Garage's). */
    static S3Settings external(S3Settings given, EnvFile server) {
        boolean garageNow =
                StorageLocation.fromEnv(server).map(StorageLocation::isGarage).orElse(false);
        return new S3Settings(
                given.accessKeyId().or(() -> kept(server, ACCESS_KEY_ID, garageNow)),
                given.secretAccessKey().or(() -> kept(server, SECRET_ACCESS_KEY, garageNow)),
                given.bucket().or(() -> kept(server, BUCKET_NAME, garageNow)),
                given.region().or(() -> kept(server, REGION, garageNow)),
                given.endpoint().or(() -> kept(server, ENDPOINT_URL, garageNow)));
    }

    private static Optional<String> kept(EnvFile server, String key, boolean garageNow) {
        return garageNow ? Optional.empty() : server.get(key).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** {@link #external}, refused (exit 2) when it lacks a value. */
    static S3Settings completeExternal(S3Settings given, EnvFile server) {
        S3Settings external = external(given, server);
        List<String> missing = missing(external);
        if (!missing.isEmpty()) {
            boolean garageNow = StorageLocation.fromEnv(server)
                    .map(StorageLocation::isGarage)
                    .orElse(false);
            throw InstallerException.badInput("external S3 storage needs " + String.join(", ", missing)
                    + (garageNow
                            ? " (server/.env holds Garage's values, which are not your external storage's)"
                            : " (server/.env has none)")
                    + "; or use --garage");
        }
        return external;
    }

    /** The options of the values the external storage lacks; an endpoint is optional (none is AWS). */
    static List<String> missing(S3Settings external) {
        List<String> missing = new ArrayList<>();
        if (external.accessKeyId().isEmpty()) {
            missing.add("--s3-access-key-id");
        }
        if (external.secretAccessKey().isEmpty()) {
            missing.add("--s3-secret-access-key");
        }
        if (external.bucket().isEmpty()) {
            missing.add("--s3-bucket");
        }
        if (external.region().isEmpty()) {
            missing.add("--s3-region");
        }
        return missing;
    }

    /** Where the backend's objects are after this run; empty for external storage that lacks a value. */
    static Optional<StorageLocation> planned(DeploymentSettings settings, EnvFile server) {
        if (settings.garage()) {
            return Optional.of(StorageLocation.GARAGE);
        }
        S3Settings external = external(settings.s3(), server);
        if (!missing(external).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StorageLocation(
                external.endpoint(),
                external.bucket().orElseThrow(),
                external.region().orElseThrow()));
    }

    /** The move this run makes, if it makes one. */
    static Optional<StorageMove> move(DeploymentSettings settings, EnvFile server) {
        return planned(settings, server).flatMap(to -> StorageMove.between(StorageLocation.fromEnv(server), to));
    }
}
