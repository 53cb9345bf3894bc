package reflector.setup.output;

import java.io.PrintWriter;
import java.util.List;
import reflector.setup.text.SafeText;

/**
 * Progress and diagnostics for the person at the terminal, on stderr. Results (the plan, the
 * summary, status tables) go to stdout elsewhere. Warnings and errors show even with --quiet.
 * Every line, whatever the verbosity, also goes to the --log-file when there is one.
 *
 * Every message is printed with its control characters escaped (see {@link SafeText}), so text
 * that came from input or from Docker cannot move the cursor, recolour or forge lines; only the
 * live lines' own cursor controls are sent as they are.
 */
public final class Console {
    private final PrintWriter err;
    private final Verbosity verbosity;
    private final boolean terminal;
    private final RunLog log;
    private int liveLines;

    public Console(PrintWriter err, Verbosity verbosity, boolean terminal) {
        this(err, verbosity, terminal, RunLog.none());
    }

    public Console(PrintWriter err, Verbosity verbosity, boolean terminal, RunLog log) {
        this.err = err;
        this.verbosity = verbosity;
        this.terminal = terminal;
        this.log = log;
    }

    public RunLog log() {
        return log;
    }

    /** A step's heading; {@code position} is like "[3/9] ", or empty for groundwork. */
    public synchronized void step(String position, String name, String description) {
        show(verbosity != Verbosity.QUIET, heading(position, name, description));
    }

    /** A step's heading line as {@link #step} shows it: "==> [3/9] server-env: server/.env and the root .env". */
    public static String heading(String position, String name, String description) {
        return "==> " + position + SafeText.oneLine(name) + ": " + SafeText.oneLine(description);
    }

    public synchronized void info(String message) {
        show(verbosity != Verbosity.QUIET, "    " + SafeText.oneLine(message));
    }

    public synchronized void detail(String message) {
        show(verbosity == Verbosity.VERBOSE, "    " + SafeText.oneLine(message));
    }

    public synchronized void warn(String message) {
        println("WARNING: " + SafeText.oneLine(message));
    }

    public synchronized void error(String message) {
        println("ERROR: " + SafeText.oneLine(message));
    }

    /** Raw lines (diagnostics, diffs) that must show even with --quiet. */
    public synchronized void block(String text) {
        log.line(text);
        endLiveLine();
        String safe = SafeText.forTerminal(text);
        err.print(safe.endsWith("\n") || safe.isEmpty() ? safe : safe + "\n");
        err.flush();
    }

    /**
     * A status line that rewrites itself ("pulling image: 3/7 layers done") on a terminal; off a
     * terminal, or with --quiet, nothing is shown.
     */
    public synchronized void live(String text) {
        live(List.of(text));
    }

    /** Several status lines redrawn in place, one per item (e.g. one per service being waited for). */
    public synchronized void live(List<String> lines) {
        if (verbosity == Verbosity.QUIET || !terminal) {
            return;
        }
        endLiveLine();
        for (String line : lines) {
            err.print("\033[2K    " + SafeText.oneLine(line) + "\n");
        }
        err.flush();
        liveLines = lines.size();
    }

    /** Removes the live lines, so that ordinary lines continue where they were. */
    public synchronized void endLiveLine() {
        if (liveLines > 0) {
            // Up one line and clear it, once per live line.
            err.print("\033[1F\033[2K".repeat(liveLines));
            err.flush();
            liveLines = 0;
        }
    }

    public boolean terminal() {
        return terminal;
    }

    private void show(boolean onTerminal, String line) {
        if (onTerminal) {
            println(line);
        } else {
            log.line(line);
        }
    }

    private void println(String line) {
        log.line(line);
        endLiveLine();
        err.println(line);
        err.flush();
    }
}
