package reflector.setup.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.BuildSources;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.config.Releases;
import reflector.setup.config.Settings;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.ServicePorts;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.SettingsBuilder;

/**
 * The migration guard: before a move to another Reflector version, the database's revision must be
 * one the target's migrations know. The database is an in-memory Docker's psql.
 */
class MigrationsCheckTest {
    static final String REPOSITORY = BuildSources.UPSTREAM_REPOSITORY;

    @TempDir
    Path dir;

    final FakeDocker docker = new FakeDocker();

    @BeforeEach
    void aDeploymentAtV035() throws Exception {
        recorded("v0.35.0", BuildSources.git(REPOSITORY, "v0.35.0"));
        docker.runningAtTheSchemaHead();
        docker.alembicVersion = List.of("e1f093f7f124");
    }

    void recorded(String version, BuildSources sources) throws Exception {
        Files.writeString(
                dir.resolve(".env"),
                "REFLECTOR_VERSION=" + version + "\nREFLECTOR_SERVER_CONTEXT=" + sources.serverContext() + "\n");
    }

    CheckResult check(ReflectorVersion target) {
        return check(SettingsBuilder.cpu(dir).version(target).build());
    }

    CheckResult check(Settings settings) {
        return new MigrationsCheck()
                .run(new PreflightContext(
                        settings,
                        () -> docker,
                        new Deployment(FakeDocker.PROJECT, dir),
                        dir.resolve("docker-compose.selfhosted.yml"),
                        () -> ServicePorts.BUNDLED));
    }

    static ReflectorVersion release(String tag) {
        return ReflectorVersion.release(tag, REPOSITORY);
    }

    @Test
    void aFirstInstallHasNoDatabaseToGuard() throws Exception {
        Files.delete(dir.resolve(".env"));
        assertEquals(CheckResult.Status.NOT_CHECKED, check(release("v0.34.0")).status());
        assertTrue(docker.execs.isEmpty());
    }

    @Test
    void aRunThatKeepsTheVersionReadsNothing() {
        CheckResult result = check(release("v0.35.0"));
        assertEquals(CheckResult.pass("migrations", "Reflector stays at v0.35.0"), result);
        assertTrue(docker.execs.isEmpty());
    }

    @Test
    void anUpgradeTheMigrationsKnowPasses() {
        CheckResult result = check(release("v0.36.0"));
        assertEquals(CheckResult.Status.PASS, result.status(), result.message());
        assertEquals("the database's revision e1f093f7f124 is known to v0.36.0's migrations", result.message());
    }

    @Test
    void aDowngradeFailsSayingWhyAndWhereTheWayBackIs() {
        CheckResult result = check(release("v0.34.0"));
        assertEquals(CheckResult.Status.FAIL, result.status());
        assertTrue(
                result.message()
                        .startsWith("moving from v0.35.0 to v0.34.0 is refused: the database is at e1f093f7f124, "
                                + "which v0.34.0's migrations (head 623af934249a) do not know: e1f093f7f124 is a later release's migration: "
                                + "going back to v0.34.0 is a downgrade"),
                result.message());
        assertTrue(
                result.message()
                        .contains("Nothing was changed. The way back to a schema that version knows is the backup "
                                + "taken before the upgrade that brought this revision (reflector-setup restore BACKUP --dir "
                                + dir),
                result.message());
    }

    @Test
    void theBrokenCommitsRevisionFails() {
        docker.alembicVersion = List.of("20260219000000");
        CheckResult result = check(release("v0.36.0"));
        assertEquals(CheckResult.Status.FAIL, result.status());
        assertTrue(
                result.message().contains("20260219000000 is the migration of upstream commit bfa10718"),
                result.message());
    }

    @Test
    void withoutARunningPostgresTheCheckSaysItCouldNotRunAndDoesNotBlock() {
        docker.containers.removeIf(container -> container.service().equals("postgres"));
        CheckResult result = check(release("v0.34.0"));
        assertEquals(CheckResult.Status.WARN, result.status());
        assertTrue(result.message().startsWith("could not run: PostgreSQL is not running"), result.message());
    }

    @Test
    void aGitCommitsMigrationsAreJudgedAfterItIsBuilt() {
        CheckResult result = check(ReflectorVersion.commit("0123456789abcdef0123456789abcdef01234567", REPOSITORY));
        assertEquals(CheckResult.Status.NOT_CHECKED, result.status());
        assertTrue(docker.execs.isEmpty());
    }

    @Test
    void aCheckoutsMigrationsAreReadFromIt() throws Exception {
        Path versions = Files.createDirectories(dir.resolve("other/server/migrations/versions"));
        Files.writeString(versions.resolve("a.py"), FakeDocker.migrationFile("3aa20b96d963"));
        Files.writeString(versions.resolve("b.py"), FakeDocker.migrationFile("623af934249a", "3aa20b96d963"));
        ReflectorVersion checkout = ReflectorVersion.checkout(BuildSources.checkout(dir.resolve("other")));
        CheckResult result = check(checkout);
        assertEquals(CheckResult.Status.FAIL, result.status(), "e1f093f7f124 is after this checkout's head");
        Files.writeString(versions.resolve("c.py"), FakeDocker.migrationFile("e1f093f7f124", "623af934249a"));
        assertEquals(CheckResult.Status.PASS, check(checkout).status());
        // Recorded as this checkout already: nothing moves.
        recorded("checkout", checkout.sources());
        docker.alembicVersion = List.of("somewhere-else");
        assertEquals(CheckResult.Status.PASS, check(checkout).status());
        // Another checkout without migrations where upstream has them: the check cannot run.
        ReflectorVersion empty =
                ReflectorVersion.checkout(BuildSources.checkout(Files.createDirectories(dir.resolve("empty"))));
        assertEquals(CheckResult.Status.WARN, check(empty).status());
    }

    @Test
    void aDeploymentKeptAtTheBrokenCommitIsWarnedWithTheCommandThatMovesIt() throws Exception {
        recorded(Releases.BROKEN_COMMIT, BuildSources.git(REPOSITORY, Releases.BROKEN_COMMIT));
        CheckResult result = check(ReflectorVersion.commit(Releases.BROKEN_COMMIT, REPOSITORY));
        assertEquals(CheckResult.Status.WARN, result.status());
        assertTrue(
                result.message().contains("cannot work: its migrations have two heads (20260219000000, 623af934249a)"),
                result.message());
        assertTrue(result.message().endsWith("reflector-setup upgrade --dir " + dir), result.message());
        assertEquals(
                CheckResult.Status.PASS, check(release("v0.35.0")).status(), "the move away is guarded, not warned");
    }

    @Test
    void onlyItsOwnNameIgnoresIt() {
        assertEquals(
                false,
                PreflightChecks.ignored(
                        SettingsBuilder.cpu(dir)
                                .ignorePreflight(Set.of("all"))
                                .build()
                                .run(),
                        "migrations"));
        assertEquals(
                true,
                PreflightChecks.ignored(
                        SettingsBuilder.cpu(dir)
                                .ignorePreflight(Set.of("migrations"))
                                .build()
                                .run(),
                        "migrations"));
        assertEquals(
                true,
                PreflightChecks.ignored(
                        SettingsBuilder.cpu(dir)
                                .ignorePreflight(Set.of("all"))
                                .build()
                                .run(),
                        "ports"));
    }
}
