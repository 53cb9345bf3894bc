package reflector.setup;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Optional<String> quick = QuickAnswers.answer(args);
        if (quick.isPresent()) {
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            out.print(quick.get());
            out.flush();
            System.exit(ExitCode.OK.code());
        }
        int exitCode = Cli.newCommandLine(Host.system()).execute(args);
        System.exit(exitCode);
    }
}
