package reflector.setup.steps;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import reflector.setup.catalog.Service;
import reflector.setup.envfile.EnvFile;
import reflector.setup.http.HttpTransport;
import reflector.setup.s3.S3Addressing;
import reflector.setup.s3.S3Client;
import reflector.setup.s3.SigV4;
import reflector.setup.storage.StorageLocation;

/**
 * Reaches a storage location from this host as the backend reaches it from its container: the
 * same bucket, region, credentials and addressing (path-style at an endpoint, AWS's own
 * otherwise). Only Garage's endpoint, {@code http://garage:3900}, is a name inside the Docker
 * network: it is asked at the port the compose file publishes on 127.0.0.1.
 */
final class StorageAccess {
    private StorageAccess() {}

    static S3Client client(
            StepContext context, StorageLocation location, SigV4.Credentials credentials, Duration timeout) {
        S3Addressing addressing = location.isGarage()
                ? S3Addressing.pathStyle(
                        URI.create("http://127.0.0.1:" + context.servicePorts().hostPort(Service.GARAGE)))
                : location.addressing();
        return new S3Client(
                addressing,
                location.region(),
                credentials,
                new HttpTransport(Duration.ofSeconds(5)),
                context.clock(),
                timeout);
    }

    /** The access key server/.env gives the backend (registered as a secret); empty without one (an IAM role). */
    static Optional<SigV4.Credentials> credentials(StepContext context, EnvFile server) {
        String id = server.get(StorageValues.ACCESS_KEY_ID).orElse("").strip();
        String secret = server.get(StorageValues.SECRET_ACCESS_KEY).orElse("").strip();
        if (id.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        context.secret(secret);
        return Optional.of(new SigV4.Credentials(id, secret));
    }
}
