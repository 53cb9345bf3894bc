package reflector.setup.cli;

import reflector.setup.install.Host;
import reflector.setup.core.InstallerException;

/**
 * A yes before something that destroys data: --yes, or on a terminal the typed word; without
 * either the command stops with exit 2 before it has changed anything.
 */
final class Confirmation {
    private Confirmation() {
    }

    /**
     * @param what what would be destroyed, for the message
     * @param word what the person types to confirm (e.g. the project's name)
     */
    static void require(Host host, boolean yes, String what, String word) {
        if (yes) {
            return;
        }
        if (!host.terminal().interactive()) {
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
