package reflector.setup.preflight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import reflector.setup.catalog.Service;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.envfile.EnvFile;
import reflector.setup.schema.AlembicVersionTable;
import reflector.setup.schema.BrokenCommit;
import reflector.setup.schema.DatabaseState;
import reflector.setup.schema.MigrationFiles;
import reflector.setup.schema.MigrationGraph;
import reflector.setup.schema.ReleaseMigrations;
import reflector.setup.schema.UpgradeGuard;
import reflector.setup.text.ShellWords;

/**
 * Before a run that moves the deployment to another Reflector version changes anything (an
 * upgrade, or an install with another --reflector-version, or another checkout to build from;
 * the root .env says what was deployed): the database's revision must be one
 * the target's migrations know, else its server could not migrate and the data would be stranded
 * on a schema it does not know. The target's migrations come from the release table for a
 * release, from the checkout's server/migrations/versions for a checkout; a Git commit's cannot be
 * read before it is built (the schema check after the start judges it). Needs the running
 * PostgreSQL: without it the check says it could not run, and does not block.
 *
 * <p>A run that keeps a deployment at upstream commit bfa10718 gets a warning instead: its
 * Reflector cannot work, and {@code upgrade} moves it to the release of the same code.
 */
final class MigrationsCheck implements PreflightCheck {
    static final String NAME = "migrations";
    static final String VERSION_KEY = "REFLECTOR_VERSION";
    static final String SERVER_CONTEXT_KEY = "REFLECTOR_SERVER_CONTEXT";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(PreflightContext context) {
        Path dir = context.deploymentSettings().dir();
        EnvFile rootEnv = rootEnv(dir);
        Optional<String> recorded = rootEnv.get(VERSION_KEY).filter(value -> !value.isEmpty());
        ReflectorVersion target = context.deploymentSettings().version();
        if (recorded.isEmpty()) {
            return CheckResult.notChecked(name(), "no Reflector version recorded yet: no database to move");
        }
        boolean anotherCheckout = target.kind() == ReflectorVersion.Kind.CHECKOUT
                && !rootEnv.get(SERVER_CONTEXT_KEY)
                        .orElse("")
                        .equals(target.sources().serverContext());
        if (recorded.get().equals(target.ref()) && !anotherCheckout) {
            return BrokenCommit.is(target.ref())
                    ? CheckResult.warn(name(), BrokenCommit.warning(dir))
                    : CheckResult.pass(name(), "Reflector stays at " + target.label());
        }
        Optional<MigrationGraph> migrations;
        try {
            migrations = targetMigrations(target, dir);
        } catch (IOException e) {
            return CheckResult.warn(
                    name(),
                    "could not run: the migrations of " + target.label() + " cannot be read (" + e.getMessage()
                            + "); the schema is checked after the services start");
        }
        if (migrations.isEmpty()) {
            return CheckResult.notChecked(
                    name(),
                    "the migrations of " + target.label() + " cannot be read before it is "
                            + "built; the schema is checked after the services start");
        }
        DatabaseState database;
        try {
            Optional<ContainerInfo> postgres = context.docker().deploymentContainers(context.deployment()).stream()
                    .filter(container ->
                            Service.POSTGRES.serviceName().equals(container.service()) && container.running())
                    .findFirst();
            if (postgres.isEmpty()) {
                return CheckResult.warn(
                        name(),
                        "could not run: PostgreSQL is not running, so the database's migration "
                                + "revision cannot be compared with " + target.label()
                                + "'s migrations; the schema is checked "
                                + "after the services start");
            }
            database = AlembicVersionTable.read(context.docker(), postgres.get().id());
        } catch (AlembicVersionTable.Unreadable | DockerOperationException | DockerUnavailableException e) {
            return CheckResult.warn(name(), "could not run: " + e.getMessage());
        }
        Optional<String> refusal = UpgradeGuard.refusal(database, migrations.get(), target.label());
        if (refusal.isPresent()) {
            return CheckResult.fail(
                    name(),
                    "moving from " + recorded.get() + " to " + target.label() + " is refused: "
                            + refusal.get()
                            + ". Nothing was changed. The way back to a schema that version knows is the backup "
                            + "taken before the upgrade that brought this revision (reflector-setup restore BACKUP --dir "
                            + ShellWords.quote(dir.toString()) + "; upgrade writes them to "
                            + dir.resolve("backups") + ")");
        }
        return CheckResult.pass(
                name(),
                (database.empty()
                        ? "the database has no migrations yet"
                        : "the database's revision " + database.describe() + " is known to " + target.label()
                                + "'s migrations"));
    }

    /** The root .env, where the install recorded the version (REFLECTOR_VERSION) and its build contexts. */
    static EnvFile rootEnv(Path dir) {
        Path rootEnv = dir.resolve(DeploymentFiles.ROOT_ENV);
        try {
            return EnvFile.parse(Files.isRegularFile(rootEnv) ? Files.readString(rootEnv, StandardCharsets.UTF_8) : "");
        } catch (IOException e) {
            return EnvFile.parse("");
        }
    }

    /** The migrations the target knows; empty when they cannot be known before it is built (a Git commit). */
    static Optional<MigrationGraph> targetMigrations(ReflectorVersion target, Path dir) throws IOException {
        return switch (target.kind()) {
            case RELEASE -> ReleaseMigrations.ofTag(target.ref());
            case CHECKOUT -> {
                Path versions = dir.resolve(target.sources().serverContext()).resolve("migrations/versions");
                if (!Files.isDirectory(versions)) {
                    throw new IOException("no directory " + versions);
                }
                MigrationGraph graph = MigrationFiles.fromDirectory(versions);
                yield graph.isEmpty() ? Optional.empty() : Optional.of(graph);
            }
            case COMMIT -> Optional.empty();
        };
    }
}
