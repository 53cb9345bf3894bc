package reflector.setup.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reflector.setup.catalog.Service;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerOperationException;

/**
 * The schema of a running deployment, proven: the database's alembic_version (through the postgres
 * container) against the migrations of the server image that runs (copied out of the server
 * container). For a release, the release table knows the head too: it is the cross-check, and
 * the yardstick when the image carries no migrations where upstream's does.
 */
public final class DeploymentSchema {

    /** The state, and what the user should know besides (a cross-check that failed, a fallback taken). */
    public record Inspection(SchemaState state, List<String> warnings) {
        public Inspection {
            warnings = List.copyOf(warnings);
        }
    }

    private DeploymentSchema() {}

    /**
     * @param containers the deployment's containers
     * @param releaseTag the deployment's Reflector version when it is a release tag
     */
    public static Inspection inspect(Docker docker, List<ContainerInfo> containers, Optional<String> releaseTag) {
        Optional<ContainerInfo> postgres = service(containers, Service.POSTGRES.serviceName());
        if (postgres.isEmpty() || !postgres.get().running()) {
            return new Inspection(SchemaState.notChecked("PostgreSQL is not running"), List.of());
        }
        List<String> warnings = new ArrayList<>();
        Optional<ContainerInfo> server = service(containers, Service.SERVER.serviceName());
        Optional<MigrationGraph> image;
        try {
            image = server.flatMap(container -> ServerMigrations.read(docker, container.id()));
        } catch (DockerOperationException e) {
            warnings.add("the server image's migrations cannot be read: " + e.getMessage());
            image = Optional.empty();
        }
        Optional<MigrationGraph> release = releaseTag.flatMap(ReleaseMigrations::ofTag);
        MigrationGraph yardstick;
        String whose;
        if (image.isPresent()) {
            yardstick = image.get();
            whose = "the server image's";
            if (release.isPresent() && !release.get().heads().equals(image.get().heads())) {
                warnings.add("the server image's migrations end at "
                        + String.join(", ", image.get().heads()) + ", but "
                        + releaseTag.get() + "'s end at "
                        + String.join(", ", release.get().heads()) + ": the image is not "
                        + "upstream's " + releaseTag.get()
                        + " (rebuilt or retagged); the schema is judged against what runs");
            }
        } else if (release.isPresent()) {
            yardstick = release.get();
            whose = releaseTag.get() + "'s";
            if (server.isPresent()) {
                warnings.add("the server image has no migrations at " + ServerMigrations.VERSIONS
                        + "; the schema is judged " + "against " + releaseTag.get() + "'s, from the release table");
            }
        } else {
            return new Inspection(
                    SchemaState.notChecked(
                            server.isEmpty()
                                    ? "there is no server container"
                                    : "the server image has no migrations at " + ServerMigrations.VERSIONS),
                    warnings);
        }
        DatabaseState database;
        try {
            database = AlembicVersionTable.read(docker, postgres.get().id());
        } catch (AlembicVersionTable.Unreadable | DockerOperationException e) {
            return new Inspection(
                    SchemaState.notChecked("alembic_version cannot be read: " + e.getMessage()), warnings);
        }
        return new Inspection(SchemaJudge.judge(database, yardstick, whose), warnings);
    }

    private static Optional<ContainerInfo> service(List<ContainerInfo> containers, String service) {
        return containers.stream()
                .filter(container -> service.equals(container.service()))
                .findFirst();
    }
}
