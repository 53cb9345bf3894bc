package reflector.setup.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the database's migration state compares with the migrations of the server that runs.
 *
 * @param database what alembic_version holds; empty when it could not be read
 * @param heads    the heads of the migrations it was judged against (the server image's, or the
 *                 release's); empty when none are known
 * @param summary  one sentence for people
 */
public record SchemaState(Kind kind, Optional<DatabaseState> database, List<String> heads, String summary) {

    public enum Kind {
        /** One row, the one head: the schema is the server's. */
        AT_HEAD,
        /** One row, an ancestor of the head: migrations stopped on the way. */
        BEHIND,
        /** No alembic_version table, or an empty one: no migration ever finished. */
        NOT_MIGRATED,
        /** The migrations have several heads (alembic refuses `upgrade head`), or the table several rows. */
        SEVERAL_HEADS,
        /** A row the migrations do not know: the database was migrated by another (newer, unreleased) version. */
        UNKNOWN_REVISION,
        /** Could not be judged: the database or the migrations could not be read. */
        NOT_CHECKED;

        /** As the JSON documents name it: at-head, behind, not-migrated, ... */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public SchemaState {
        heads = List.copyOf(heads);
    }

    public static SchemaState notChecked(String why) {
        return new SchemaState(Kind.NOT_CHECKED, Optional.empty(), List.of(), why);
    }

    public boolean atHead() {
        return kind == Kind.AT_HEAD;
    }

    /** Judged, and not at the head: the application cannot work on this schema. */
    public boolean broken() {
        return kind != Kind.AT_HEAD && kind != Kind.NOT_CHECKED;
    }
}
