package reflector.setup.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** alembic's lines picked out of a server log, as the backend prints them at start. */
class MigrationLogTest {
    static final String HEADS =
            "Multiple head revisions are present for given argument 'head'; please specify a specific "
                    + "target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads";

    @Test
    void alembicsOwnLinesAndItsFailedLine() {
        List<String> log = List.of(
                "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
                "INFO  [alembic.runtime.migration] Will assume transactional DDL.",
                "ERROR [alembic.util.messaging] " + HEADS,
                "FAILED: " + HEADS,
                "INFO:     Started server process [1]",
                "INFO:     127.0.0.1:51234 - \"GET /health HTTP/1.1\" 200 OK");
        assertEquals(log.subList(0, 4), MigrationLog.pick(log));
    }

    @Test
    void theLastLinesWhenThereAreMany() {
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            log.add("INFO  [alembic.runtime.migration] Running upgrade r" + i + " -> r" + (i + 1) + ", step " + i);
        }
        log.add("sqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateColumn) column \"x\" already exists");
        List<String> picked = MigrationLog.pick(log);
        assertEquals(MigrationLog.MAX_LINES, picked.size());
        assertEquals(log.get(log.size() - 1), picked.get(picked.size() - 1));
        assertEquals(List.of(), MigrationLog.pick(List.of("INFO:     Application startup complete.")));
    }
}
