package reflector.setup.schema;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerOperationException;

/**
 * The migrations a server container's image carries, where upstream's backend image has them
 * (its Dockerfile: {@code COPY migrations /app/migrations}; alembic.ini: {@code script_location =
 * migrations}), copied out of the container through the Engine: no tool of the image is needed,
 * and it works on a stopped container too.
 */
public final class ServerMigrations {
    public static final String VERSIONS = "/app/migrations/versions";

    private ServerMigrations() {}

    /** The image's revision graph; empty when the container has no such directory (or no version file in it). */
    public static Optional<MigrationGraph> read(Docker docker, String serverContainerId) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        if (!docker.copyFromContainer(serverContainerId, VERSIONS, tar)) {
            return Optional.empty();
        }
        try {
            MigrationGraph graph = MigrationFiles.fromTar(new ByteArrayInputStream(tar.toByteArray()));
            return graph.isEmpty() ? Optional.empty() : Optional.of(graph);
        } catch (IOException e) {
            throw new DockerOperationException(
                    "the archive of " + VERSIONS + " the engine sent cannot be read: " + e.getMessage(), e);
        }
    }
}
