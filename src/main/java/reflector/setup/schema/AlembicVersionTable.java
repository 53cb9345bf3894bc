package reflector.setup.schema;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import reflector.setup.docker.Docker;
import reflector.setup.docker.ExecResult;

/**
 * Reads {@code alembic_version} through the running postgres container: psql runs inside it
 * (`docker exec`) and connects over its local socket as the database's owner, so no password is
 * needed and none is on any command line. One psql run answers both questions (is there a table,
 * which rows), with psql's own conditionals: selecting from a table that does not exist would be
 * an error whose text depends on the server's language.
 */
public final class AlembicVersionTable {
    static final String DATABASE = "reflector";
    static final String USER = "reflector";
    static final String NO_TABLE = "no-table";
    static final String ROW = "revision:";
    /** Fed on stdin. */
    static final String SCRIPT =
            """
            SELECT CASE WHEN to_regclass('alembic_version') IS NULL THEN 'false' ELSE 'true' END AS present \\gset
            \\if :present
            SELECT 'revision:' || version_num FROM alembic_version;
            \\else
            SELECT 'no-table';
            \\endif
            """;

    /** psql could not tell: the message says why (psql's own error, which may quote the server's; mask it). */
    public static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    private AlembicVersionTable() {}

    public static List<String> command() {
        return List.of(
                "psql",
                "--username",
                USER,
                "--dbname",
                DATABASE,
                "--no-password",
                "--no-psqlrc",
                "--quiet",
                "--tuples-only",
                "--no-align",
                "--set",
                "ON_ERROR_STOP=1");
    }

    public static DatabaseState read(Docker docker, String postgresContainerId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult result = docker.exec(
                postgresContainerId, command(), new ByteArrayInputStream(SCRIPT.getBytes(StandardCharsets.UTF_8)), out);
        if (!result.succeeded()) {
            throw new Unreadable("psql in the postgres container failed (exit " + result.exitCode() + "): "
                    + result.stderr().strip());
        }
        return parse(out.toString(StandardCharsets.UTF_8));
    }

    static DatabaseState parse(String output) {
        List<String> revisions = new ArrayList<>();
        boolean noTable = false;
        for (String line : output.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList()) {
            if (line.equals(NO_TABLE)) {
                noTable = true;
            } else if (line.startsWith(ROW)) {
                revisions.add(line.substring(ROW.length()));
            } else {
                throw new Unreadable("psql answered something else than alembic_version's rows: " + line);
            }
        }
        return noTable && revisions.isEmpty() ? DatabaseState.NO_TABLE : new DatabaseState(true, revisions);
    }
}
