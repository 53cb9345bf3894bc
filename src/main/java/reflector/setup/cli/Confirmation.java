package reflector.setup.cli;

import reflector.setup.core.InstallerException;
import reflector.setup.install.Host;

/**
 * A yes before something that destroys data: --yes, or on a terminal the typed word; without
 * either (also with --non-interactive, which never asks) the command stops with exit 2 before it
 * has changed anything.
 */
final class Confirmation {
    /** The help of --non-interactive on the commands that confirm. */
    static final String NON_INTERACTIVE =
            "Never ask; without --yes stop with exit 2 and change nothing (as without a terminal).";

    private Confirmation() {}

    /**
     * @param what what would be destroyed, for the message
     * @param word what the person types to confirm (e.g. the project's name)
     */
    static void require(Host host, boolean yes, boolean nonInteractive, String what, String word) {
        if (yes) {
            return;
        }
        if (nonInteractive || !host.terminal().interactive()) {
            throw InstallerException.badInput(what + "; give --yes to go on (nothing was changed)");
        }
        host.err().println(what + ".");
        host.err().flush();
        String answer = host.terminal().readLine("Type " + word + " to go on, anything else to stop: ");
        if (!answer.equals(word)) {
            throw InstallerException.badInput("not confirmed; nothing was changed");
        }
    }
}
