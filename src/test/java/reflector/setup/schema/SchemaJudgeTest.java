package reflector.setup.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reflector.setup.schema.SchemaState.Kind;

/** The database's migration state judged against the server's migrations, as `alembic upgrade head` finds them. */
class SchemaJudgeTest {
    static final MigrationGraph V035 = ReleaseMigrations.ofTag("v0.35.0").orElseThrow();
    static final String WHOSE = "the server image's";

    static SchemaState judge(DatabaseState database, MigrationGraph migrations) {
        return SchemaJudge.judge(database, migrations, WHOSE);
    }

    @Test
    void atTheHead() {
        SchemaState state = judge(DatabaseState.at("e1f093f7f124"), V035);
        assertEquals(Kind.AT_HEAD, state.kind());
        assertTrue(state.atHead());
        assertFalse(state.broken());
        assertEquals("the database is at e1f093f7f124, the head of the server image's migrations", state.summary());
        assertEquals(List.of("e1f093f7f124"), state.heads());
    }

    @Test
    void anAncestorOfTheHeadIsBehind() {
        SchemaState state = judge(DatabaseState.at("3aa20b96d963"), V035);
        assertEquals(Kind.BEHIND, state.kind());
        assertEquals(
                "the database is at 3aa20b96d963, 2 migrations behind the server image's head e1f093f7f124: the "
                        + "migrations did not run to the end",
                state.summary());
        assertTrue(judge(DatabaseState.at("623af934249a"), V035)
                .summary()
                .contains(", 1 migration behind the server image's " + "head e1f093f7f124"));
    }

    @Test
    void noTableOrAnEmptyOneIsNotMigrated() {
        SchemaState noTable = judge(DatabaseState.NO_TABLE, V035);
        assertEquals(Kind.NOT_MIGRATED, noTable.kind());
        assertEquals(
                "the database has no alembic_version table: the migrations did not run (the server image's head is "
                        + "e1f093f7f124)",
                noTable.summary());
        SchemaState empty = judge(new DatabaseState(true, List.of()), V035);
        assertEquals(Kind.NOT_MIGRATED, empty.kind());
        assertTrue(empty.summary().startsWith("the database has an empty alembic_version table"), empty.summary());
    }

    @Test
    void theBrokenCommitsTwoHeadsMigrateNothing() throws Exception {
        MigrationGraph bfa = MigrationFiles.fromDirectory(Path.of(System.getProperty("reflector.repo.dir", "."))
                .resolve("testenv/backend/migration-sets/bfa1071"));
        SchemaState fresh = judge(DatabaseState.NO_TABLE, bfa);
        assertEquals(Kind.SEVERAL_HEADS, fresh.kind());
        assertEquals(List.of("20260219000000", "623af934249a"), fresh.heads());
        assertEquals(
                "the server image's migrations have 2 heads (20260219000000, 623af934249a): alembic refuses `upgrade "
                        + "head`, so no migration ran; the server runs on a database without its schema (no alembic_version table)",
                fresh.summary());
        SchemaState fromV034 = judge(DatabaseState.at("623af934249a"), bfa);
        assertEquals(Kind.SEVERAL_HEADS, fromV034.kind());
        assertTrue(fromV034.summary().endsWith("the database stays at 623af934249a"), fromV034.summary());
    }

    @Test
    void severalRowsAreSeveralHeads() {
        MigrationGraph branched = new MigrationGraph(
                Map.of("a", List.of(), "b", List.of("a"), "c", List.of("a"), "m", List.of("b", "c")));
        SchemaState state = judge(DatabaseState.at("c", "b"), branched);
        assertEquals(Kind.SEVERAL_HEADS, state.kind());
        assertEquals(List.of("b", "c"), state.database().orElseThrow().revisions());
        assertTrue(state.summary().startsWith("the database records 2 revisions (b, c)"), state.summary());
        assertEquals(List.of("m"), state.heads());
    }

    @Test
    void aRevisionTheImageDoesNotKnow() {
        SchemaState state = judge(DatabaseState.at("20260219000000"), V035);
        assertEquals(Kind.UNKNOWN_REVISION, state.kind());
        assertTrue(state.broken());
        assertEquals(
                "the database is at 20260219000000, which the server image's migrations do not know (their head is "
                        + "e1f093f7f124): a newer or unreleased Reflector migrated it, and alembic cannot upgrade from there",
                state.summary());
        assertEquals(
                Kind.UNKNOWN_REVISION,
                judge(DatabaseState.at("c1d2e3f4a5b6"), V035).kind(),
                "v0.45.0's head");
    }

    @Test
    void withoutMigrationsNothingIsJudged() {
        SchemaState state = judge(DatabaseState.at("e1f093f7f124"), MigrationGraph.EMPTY);
        assertEquals(Kind.NOT_CHECKED, state.kind());
        assertFalse(state.broken());
        assertEquals("not-checked", state.kind().id());
    }
}
