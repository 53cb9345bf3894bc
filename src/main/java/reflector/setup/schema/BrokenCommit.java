package reflector.setup.schema;

import java.nio.file.Path;
import reflector.setup.config.Releases;
import reflector.setup.text.ShellWords;

/** What a deployment of upstream commit bfa10718 (which earlier reflector-setup versions deployed) is told. */
public final class BrokenCommit {
    private BrokenCommit() {}

    public static boolean is(String ref) {
        return Releases.isBrokenCommit(ref);
    }

    /** The release a plain `upgrade` moves it to: the same code, with its migrations fixed. */
    public static String releasedAs() {
        return Releases.BROKEN_COMMIT_RELEASED_AS;
    }

    /** Why its Reflector cannot work, and the command that moves it to the release of the same code. */
    public static String warning(Path directory) {
        return "this deployment runs Reflector commit " + Releases.BROKEN_COMMIT.substring(0, 8) + " (earlier "
                + "reflector-setup versions deployed it by default), which cannot work: its migrations have two heads ("
                + ReleaseMigrations.BROKEN_COMMIT_REVISION
                + ", 623af934249a), so alembic migrates nothing and the server runs on an empty schema. " + releasedAs()
                + " is the release of the same code; move there (a backup is taken first) with: reflector-setup upgrade --dir "
                + ShellWords.quote(directory.toString());
    }
}
