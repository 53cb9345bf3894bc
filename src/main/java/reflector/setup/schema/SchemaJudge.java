package reflector.setup.schema;

import java.util.List;
import java.util.Optional;

/**
 * Judges the database's migration state against a set of migrations, as `alembic upgrade head`
 * would find them: the one head (several: alembic refuses), the database's rows (alembic cannot
 * start from a revision it does not know), and what is left to run.
 */
public final class SchemaJudge {
    private SchemaJudge() {}

    /** @param whose whose migrations these are, for the sentence: "the server image's", "v0.35.0's" */
    public static SchemaState judge(DatabaseState database, MigrationGraph migrations, String whose) {
        if (migrations.isEmpty()) {
            return SchemaState.notChecked("no migrations to compare the database with");
        }
        List<String> heads = migrations.heads();
        List<String> rows = database.revisions();
        List<String> unknown =
                rows.stream().filter(revision -> !migrations.knows(revision)).toList();
        if (heads.size() > 1) {
            return state(
                    SchemaState.Kind.SEVERAL_HEADS,
                    database,
                    heads,
                    whose + " migrations have " + heads.size()
                            + " heads (" + String.join(", ", heads)
                            + "): alembic refuses `upgrade head`, so no migration ran; "
                            + (database.empty()
                                    ? "the server runs on a database without its schema (" + database.describe() + ")"
                                    : "the database stays at " + database.describe()));
        }
        String head = heads.get(0);
        if (!unknown.isEmpty()) {
            return state(
                    SchemaState.Kind.UNKNOWN_REVISION,
                    database,
                    heads,
                    "the database is at " + String.join(", ", unknown)
                            + ", which " + whose + " migrations do not know (their head is " + head
                            + "): a newer or unreleased "
                            + "Reflector migrated it, and alembic cannot upgrade from there");
        }
        if (rows.size() > 1) {
            return state(
                    SchemaState.Kind.SEVERAL_HEADS,
                    database,
                    heads,
                    "the database records " + rows.size()
                            + " revisions (" + String.join(", ", rows)
                            + "), as after `alembic upgrade heads` on branched "
                            + "migrations; " + whose + " one head is " + head);
        }
        if (database.empty()) {
            return state(
                    SchemaState.Kind.NOT_MIGRATED,
                    database,
                    heads,
                    "the database has " + database.describe() + ": the migrations did not run (" + whose + " head is "
                            + head + ")");
        }
        String revision = rows.get(0);
        if (revision.equals(head)) {
            return state(
                    SchemaState.Kind.AT_HEAD,
                    database,
                    heads,
                    "the database is at " + head + ", the head of " + whose + " migrations");
        }
        int behind = migrations.stepsBetween(revision, head);
        return state(
                SchemaState.Kind.BEHIND,
                database,
                heads,
                "the database is at " + revision + ", " + behind
                        + " migration" + (behind == 1 ? "" : "s") + " behind " + whose + " head " + head
                        + ": the migrations did not run to the end");
    }

    private static SchemaState state(
            SchemaState.Kind kind, DatabaseState database, List<String> heads, String summary) {
        return new SchemaState(kind, Optional.of(database), heads, summary);
    }
}
