package reflector.setup.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reflector.setup.schema.SchemaState.Kind;
import reflector.setup.support.FakeDocker;

/** A deployment's schema read through Docker: psql in the postgres container, the migrations out of the server container. */
class DeploymentSchemaTest {
    final FakeDocker docker = new FakeDocker();

    DeploymentSchema.Inspection inspect(Optional<String> release) {
        return DeploymentSchema.inspect(docker, docker.containers(), release);
    }

    @Test
    void psqlRunsInThePostgresContainerWithTheScriptOnStdinAndNoPassword() {
        docker.runningAtTheSchemaHead();
        DatabaseState state = AlembicVersionTable.read(docker, "id-postgres");
        assertEquals(DatabaseState.at(FakeDocker.SCHEMA_HEAD), state);
        FakeDocker.Ran ran = docker.execs.get(0);
        assertEquals("id-postgres", ran.container());
        assertEquals(
                List.of(
                        "psql",
                        "--username",
                        "reflector",
                        "--dbname",
                        "reflector",
                        "--no-password",
                        "--no-psqlrc",
                        "--quiet",
                        "--tuples-only",
                        "--no-align",
                        "--set",
                        "ON_ERROR_STOP=1"),
                ran.command());
        assertTrue(new String(ran.stdin(), StandardCharsets.UTF_8).contains("to_regclass('alembic_version')"));
    }

    @Test
    void psqlsAnswers() {
        assertEquals(DatabaseState.NO_TABLE, AlembicVersionTable.parse("no-table\n"));
        assertEquals(new DatabaseState(true, List.of()), AlembicVersionTable.parse(""));
        assertEquals(DatabaseState.at("a", "b"), AlembicVersionTable.parse("revision:b\nrevision:a\n"));
        assertThrows(AlembicVersionTable.Unreadable.class, () -> AlembicVersionTable.parse("ERROR: something\n"));
        docker.onExec = ran ->
                new FakeDocker.Answer(2, new byte[0], "psql: error: FATAL:  database \"reflector\" does not exist");
        AlembicVersionTable.Unreadable failed = assertThrows(
                AlembicVersionTable.Unreadable.class, () -> AlembicVersionTable.read(docker, "id-postgres"));
        assertTrue(failed.getMessage().contains("(exit 2): psql: error"), failed.getMessage());
    }

    @Test
    void atTheHeadOfTheImagesMigrations() {
        docker.runningAtTheSchemaHead();
        DeploymentSchema.Inspection inspection = inspect(Optional.of("v0.34.0"));
        assertEquals(Kind.AT_HEAD, inspection.state().kind());
        assertEquals(List.of(), inspection.warnings(), "v0.34.0's head is the image's");
        assertTrue(
                docker.calls.contains(FakeDocker.Call.of("copy", "id-server", "/app/migrations/versions")),
                docker.calls.toString());
    }

    @Test
    void theReleaseTableIsTheCrossCheck() {
        docker.runningAtTheSchemaHead();
        DeploymentSchema.Inspection inspection = inspect(Optional.of("v0.35.0"));
        assertEquals(Kind.AT_HEAD, inspection.state().kind(), "judged against what runs");
        assertEquals(
                List.of(
                        "the server image's migrations end at 623af934249a, but v0.35.0's end at e1f093f7f124: the "
                                + "image is not upstream's v0.35.0 (rebuilt or retagged); the schema is judged against what runs"),
                inspection.warnings());
    }

    @Test
    void anImageWithoutMigrationsIsJudgedByTheReleaseTable() {
        docker.runningAtTheSchemaHead();
        docker.containerFiles.clear();
        docker.alembicVersion = List.of("623af934249a");
        DeploymentSchema.Inspection inspection = inspect(Optional.of("v0.35.0"));
        assertEquals(Kind.BEHIND, inspection.state().kind());
        assertTrue(
                inspection.state().summary().contains("behind v0.35.0's head e1f093f7f124"),
                inspection.state().summary());
        assertEquals(1, inspection.warnings().size());
        assertEquals(Kind.NOT_CHECKED, inspect(Optional.empty()).state().kind(), "a commit: nothing to judge by");
    }

    @Test
    void withoutARunningPostgresNothingIsJudged() {
        docker.runningAtTheSchemaHead();
        docker.containers.removeIf(container -> container.service().equals("postgres"));
        docker.containers.add(FakeDocker.container("postgres", "exited", null));
        SchemaState state = inspect(Optional.empty()).state();
        assertEquals(SchemaState.notChecked("PostgreSQL is not running"), state);
        assertTrue(docker.execs.isEmpty());
    }

    @Test
    void severalHeadsInTheImage() {
        docker.runningAtTheSchemaHead();
        docker.serverMigrations(Map.of("a", List.of(), "b", List.of("a"), "c", List.of("a")));
        docker.alembicVersion = null;
        SchemaState state = inspect(Optional.empty()).state();
        assertEquals(Kind.SEVERAL_HEADS, state.kind());
        assertEquals(List.of("b", "c"), state.heads());
        assertEquals(Optional.of(DatabaseState.NO_TABLE), state.database());
    }
}
