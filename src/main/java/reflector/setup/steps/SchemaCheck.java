package reflector.setup.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reflector.setup.catalog.Service;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.LogRequest;
import reflector.setup.schema.BrokenCommit;
import reflector.setup.schema.DeploymentSchema;
import reflector.setup.schema.MigrationLog;
import reflector.setup.schema.SchemaState;
import reflector.setup.text.ShellWords;

/**
 * The verify step's first check: the database's schema is the running server's. upstream's
 * runserver.sh ignores a failed `alembic upgrade head` and starts the server anyway, so a healthy
 * /health proves nothing about the schema. A database at the head of the server image's
 * migrations is a note; anything else (migrations that did not run, several heads, a revision the
 * image does not know) is a service failure of the server, with alembic's lines from its log and
 * what to do.
 */
final class SchemaCheck {
    private SchemaCheck() {}

    static void plan(StepContext context) {
        context.planned("compare the database's migration revision (alembic_version) with the head of the migrations "
                + "the server image carries");
    }

    static void run(StepContext context) {
        List<ContainerInfo> containers = context.docker().deploymentContainers(context.deployment());
        for (Service service : List.of(Service.POSTGRES, Service.SERVER)) {
            boolean running =
                    containers.stream().anyMatch(c -> service.serviceName().equals(c.service()) && c.running());
            if (!running) {
                throw new ServiceFailure(
                        service.serviceName(),
                        service.serviceName() + " is not running, so the database "
                                + "schema cannot be proven; see `reflector-setup status`");
            }
        }
        ReflectorVersion version = context.deploymentSettings().version();
        Optional<String> release =
                version.kind() == ReflectorVersion.Kind.RELEASE ? Optional.of(version.ref()) : Optional.empty();
        DeploymentSchema.Inspection inspection = DeploymentSchema.inspect(context.docker(), containers, release);
        inspection.warnings().forEach(warning -> context.warn(context.masker().maskAll(warning)));
        SchemaState state = inspection.state();
        if (state.atHead()) {
            context.note("schema: " + state.summary());
            return;
        }
        if (!state.broken()) {
            context.warn(
                    "the database schema was not checked: " + context.masker().maskAll(state.summary()));
            return;
        }
        ContainerInfo server = containers.stream()
                .filter(c -> Service.SERVER.serviceName().equals(c.service()))
                .findFirst()
                .orElseThrow();
        throw new ServiceFailure(
                Service.SERVER.serviceName(),
                "the database schema is not the server's: " + state.summary() + migrationLines(context, server.id())
                        + "\n" + advice(context, state, server.name()));
    }

    /** alembic's lines from the server's log, masked, as an indented block; a line saying so when there are none. */
    private static String migrationLines(StepContext context, String serverContainer) {
        List<String> lines = new ArrayList<>();
        try {
            context.docker()
                    .logs(serverContainer, new LogRequest(MigrationLog.TAIL, Optional.empty(), false), lines::add);
        } catch (RuntimeException e) {
            return "\n(the server's log could not be read: " + e.getMessage() + ")";
        }
        List<String> picked = MigrationLog.pick(lines);
        if (picked.isEmpty()) {
            return "\n(no migration lines in the last " + MigrationLog.TAIL + " lines of the server's log)";
        }
        StringBuilder block = new StringBuilder("\nThe server's migration log (alembic):");
        picked.forEach(line -> block.append("\n  ").append(context.masker().maskAll(line)));
        return block.toString();
    }

    private static String advice(StepContext context, SchemaState state, String serverContainer) {
        String dir = ShellWords.quote(context.deploymentSettings().dir().toString());
        if (BrokenCommit.is(context.deploymentSettings().version().ref())) {
            return "What to do: "
                    + BrokenCommit.warning(context.deploymentSettings().dir());
        }
        return switch (state.kind()) {
            case SEVERAL_HEADS -> state.heads().size() > 1
                    ? "What to do: deploy a Reflector version whose migrations have one head (a release, e.g. "
                            + BrokenCommit.releasedAs() + ": reflector-setup upgrade --reflector-version "
                            + BrokenCommit.releasedAs() + " --dir " + dir + ")"
                    : "What to do: the database was migrated to several heads; restore the backup taken before that "
                            + "(reflector-setup restore BACKUP --dir " + dir + ")";
            case UNKNOWN_REVISION -> "What to do: go back to the version that migrated the database, or restore the backup "
                    + "taken before the upgrade (reflector-setup restore BACKUP --dir " + dir + ")";
            default -> "What to do: fix what the log above names, then restart the server so that it migrates again "
                    + "(docker restart " + serverContainer + "); `reflector-setup logs server` shows its whole log";
        };
    }
}
