package reflector.setup;

import reflector.setup.install.Host;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = Cli.newCommandLine(Host.system()).execute(args);
        System.exit(exitCode);
    }
}
