package reflector.setup.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import reflector.setup.install.Host;
import reflector.setup.output.Console;
import reflector.setup.output.RunLog;
import reflector.setup.output.Verbosity;

/** --verbose | --quiet, shared by every command. */
public final class OutputOptions {

    static final class Level {
        @Option(
                names = {"-v", "--verbose"},
                description = "Show every action and Docker's output; stack traces on errors.")
        boolean verbose;

        @Option(
                names = {"-q", "--quiet"},
                description = "Show only warnings, errors and the result.")
        boolean quiet;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Level level;

    public Verbosity verbosity() {
        if (level == null) {
            return Verbosity.NORMAL;
        }
        return level.verbose ? Verbosity.VERBOSE : level.quiet ? Verbosity.QUIET : Verbosity.NORMAL;
    }

    public Console console(Host host, RunLog log) {
        return new Console(host.err(), verbosity(), host.terminal().interactive(), log);
    }
}
