package reflector.setup;

import picocli.CommandLine;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = Cli.newCommandLine(Host.system());
        int exitCode = commandLine.execute(args);
        // Output is masked a line at a time; the last, unterminated line goes out here.
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        System.exit(exitCode);
    }
}
