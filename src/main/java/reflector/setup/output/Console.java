package reflector.setup.output;

import java.io.PrintWriter;

/**
 * Progress and diagnostics for the person at the terminal, on stderr. Results (the plan, the
 * summary, status tables) go to stdout elsewhere. Warnings and errors show even with --quiet.
 */
public final class Console {
    private final PrintWriter err;
    private final Verbosity verbosity;
    private final boolean terminal;
    private boolean liveLineOpen;

    public Console(PrintWriter err, Verbosity verbosity, boolean terminal) {
        this.err = err;
        this.verbosity = verbosity;
        this.terminal = terminal;
    }

    public boolean verbose() {
        return verbosity == Verbosity.VERBOSE;
    }

    /** A step's heading; {@code position} is like "[3/8] ", or empty for groundwork. */
    public synchronized void step(String position, String name, String description) {
        if (verbosity != Verbosity.QUIET) {
            println("==> " + position + name + ": " + description);
        }
    }

    public synchronized void info(String message) {
        if (verbosity != Verbosity.QUIET) {
            println("    " + message);
        }
    }

    public synchronized void detail(String message) {
        if (verbosity == Verbosity.VERBOSE) {
            println("    " + message);
        }
    }

    public synchronized void warn(String message) {
        println("WARNING: " + message);
    }

    public synchronized void error(String message) {
        println("ERROR: " + message);
    }

    /** Raw lines (diagnostics, diffs) that must show even with --quiet. */
    public synchronized void block(String text) {
        endLiveLine();
        err.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
        err.flush();
    }

    /**
     * A status line that rewrites itself on a terminal ("waiting for server 12s / 450s"); off a
     * terminal only the first and last states are printed, one line each.
     */
    public synchronized void live(String text) {
        if (verbosity == Verbosity.QUIET || !terminal) {
            return;
        }
        err.print("\r\033[2K    " + text);
        err.flush();
        liveLineOpen = true;
    }

    public synchronized void endLiveLine() {
        if (liveLineOpen) {
            err.print("\r\033[2K");
            err.flush();
            liveLineOpen = false;
        }
    }

    public boolean terminal() {
        return terminal;
    }

    private void println(String line) {
        endLiveLine();
        err.println(line);
        err.flush();
    }
}
