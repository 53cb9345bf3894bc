package reflector.setup.schema;

import java.util.List;

/**
 * The migration state of the deployment's database: alembic's table {@code alembic_version} of the
 * {@code reflector} database, one row per head it was migrated to (one, normally).
 *
 * @param tablePresent false when no migration ever ran to the end (alembic makes the table in the
 *                     transaction of its first run)
 * @param revisions    the rows' version_num, sorted; empty without the table
 */
public record DatabaseState(boolean tablePresent, List<String> revisions) {
    public static final DatabaseState NO_TABLE = new DatabaseState(false, List.of());

    public DatabaseState {
        revisions = revisions.stream().sorted().toList();
    }

    public static DatabaseState at(String... revisions) {
        return new DatabaseState(true, List.of(revisions));
    }

    /** Nothing migrated yet: no table, or an empty one. */
    public boolean empty() {
        return revisions.isEmpty();
    }

    /** "e1f093f7f124", "a, b", or what there is instead. */
    public String describe() {
        if (!tablePresent) {
            return "no alembic_version table";
        }
        return revisions.isEmpty() ? "an empty alembic_version table" : String.join(", ", revisions);
    }
}
