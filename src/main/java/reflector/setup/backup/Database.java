package reflector.setup.backup;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.Docker;
import reflector.setup.docker.ExecResult;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.steps.Sleeper;

/**
 * The deployment's PostgreSQL database, through its running container: pg_dump and psql run
 * inside it (`docker exec`) and connect over its local socket as the database's owner, so no
 * password is needed and none is on any command line. The dump is plain SQL, which a newer
 * PostgreSQL restores too.
 */
public final class Database {
    static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final Docker docker;
    private final String containerId;
    private final SecretMasker masker;

    public Database(Docker docker, String containerId, SecretMasker masker) {
        this.docker = docker;
        this.containerId = containerId;
        this.masker = masker;
    }

    public void dump(OutputStream out) {
        check(
                "pg_dump",
                docker.exec(
                        containerId,
                        List.of(
                                "pg_dump",
                                "--username",
                                Contents.DATABASE_USER,
                                "--dbname",
                                Contents.DATABASE,
                                "--no-password"),
                        null,
                        out));
    }

    /**
     * Waits until the server accepts connections (a new container initialises its data directory first),
     * pausing through {@code sleeper} so that tests do not wait.
     */
    public void awaitReady(Clock clock, Sleeper sleeper) throws InterruptedException {
        Instant deadline = clock.instant().plus(READY_TIMEOUT);
        ExecResult last;
        do {
            last = docker.exec(
                    containerId,
                    List.of("pg_isready", "--username", Contents.DATABASE_USER, "--dbname", "postgres"),
                    null,
                    OutputStream.nullOutputStream());
            if (last.succeeded()) {
                return;
            }
            sleeper.sleep(Duration.ofSeconds(1));
        } while (clock.instant().isBefore(deadline));
        throw InstallerException.serviceFailed(
                "PostgreSQL did not accept connections within " + READY_TIMEOUT.toSeconds() + " s: "
                        + masker.maskAll(last.stderr().strip()));
    }

    /** Drops the database (disconnecting whoever uses it) and makes it anew, empty, for the dump to fill. */
    public void recreate() {
        check(
                "psql",
                docker.exec(
                        containerId,
                        psql(
                                "postgres",
                                "-c",
                                "DROP DATABASE IF EXISTS " + Contents.DATABASE + " WITH (FORCE)",
                                "-c",
                                "CREATE DATABASE " + Contents.DATABASE + " OWNER " + Contents.DATABASE_USER),
                        null,
                        OutputStream.nullOutputStream()));
    }

    /** Runs the dump into the (new, empty) database; stops at the first error. */
    public void load(InputStream dump) {
        check("psql", docker.exec(containerId, psql(Contents.DATABASE), dump, OutputStream.nullOutputStream()));
    }

    static List<String> psql(String database, String... extra) {
        List<String> command = new ArrayList<>(List.of(
                "psql",
                "--username",
                Contents.DATABASE_USER,
                "--dbname",
                database,
                "--no-password",
                "--no-psqlrc",
                "--quiet",
                "--set",
                "ON_ERROR_STOP=1"));
        command.addAll(List.of(extra));
        return command;
    }

    private void check(String tool, ExecResult result) {
        if (!result.succeeded()) {
            throw InstallerException.serviceFailed(tool + " in the postgres container failed (exit " + result.exitCode()
                    + "): " + masker.maskAll(result.stderr().strip()));
        }
    }
}
