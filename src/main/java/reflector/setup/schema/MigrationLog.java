package reflector.setup.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * alembic's lines in the server's log, to show why the schema is what it is: its own log lines
 * ("INFO  [alembic.runtime.migration] Running upgrade ...", "ERROR [alembic.util.messaging] ..."),
 * its "FAILED: ..." line on stdout and the messages of its usual failures, and SQLAlchemy's error
 * when a migration or the connection failed.
 */
public final class MigrationLog {
    /** At most this many lines are kept: the last ones, where a failure ends. */
    public static final int MAX_LINES = 25;
    /** The server's log is read this far back: its start, where runserver.sh migrates, is usually within it. */
    public static final int TAIL = 5000;

    private static final Pattern ALEMBIC = Pattern.compile(
            "alembic|^\\s*FAILED: |Multiple head revisions|Can't locate revision|sqlalchemy\\.exc\\.|Traceback \\(most recent",
            Pattern.CASE_INSENSITIVE);

    private MigrationLog() {}

    public static boolean isMigrationLine(String line) {
        return ALEMBIC.matcher(line).find();
    }

    /** The migration lines among {@code lines}, the last {@link #MAX_LINES} of them. */
    public static List<String> pick(Iterable<String> lines) {
        List<String> picked = new ArrayList<>();
        for (String line : lines) {
            if (isMigrationLine(line)) {
                picked.add(line);
                if (picked.size() > MAX_LINES) {
                    picked.remove(0);
                }
            }
        }
        return picked;
    }
}
