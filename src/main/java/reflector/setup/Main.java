package reflector.setup;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine;
import reflector.setup.core.ExitCode;
import reflector.setup.install.Host;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Optional<String> quick = QuickAnswers.answer(args);
        if (quick.isPresent()) {
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            out.print(quick.get());
            out.flush();
            System.exit(ExitCode.OK.code());
        }
        CommandLine commandLine = Cli.newCommandLine(Host.system());
        int exitCode = commandLine.execute(args);
        // Output is masked a line at a time; the last, unterminated line goes out here.
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        System.exit(exitCode);
    }
}
