package reflector.setup.output;

import java.io.Console;
import reflector.setup.core.InstallerException;

/** Questions to the person at the keyboard. Only asked when there is one. */
public interface Terminal {

    /** True when stdin and stdout are a terminal, so questions can be asked. */
    boolean interactive();

    /** A line of input; empty when the user just pressed Enter. */
    String readLine(String prompt);

    /** A secret, read without echo. */
    char[] readSecret(String prompt);

    static Terminal system() {
        Console console = System.console();
        if (console == null) {
            return NONE;
        }
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String readLine(String prompt) {
                String line = console.readLine("%s", prompt);
                if (line == null) {
                    throw endOfInput(prompt);
                }
                return line.strip();
            }

            @Override
            public char[] readSecret(String prompt) {
                char[] secret = console.readPassword("%s", prompt);
                if (secret == null) {
                    throw endOfInput(prompt);
                }
                return secret;
            }
        };
    }

    /** The question could not be answered: the value is missing, which is bad input. */
    private static InstallerException endOfInput(String prompt) {
        return InstallerException.badInput("no answer (end of input) to: " + prompt.strip());
    }

    /** No terminal: every question is a missing value. */
    Terminal NONE = new Terminal() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public String readLine(String prompt) {
            throw new IllegalStateException("no terminal to ask: " + prompt);
        }

        @Override
        public char[] readSecret(String prompt) {
            throw new IllegalStateException("no terminal to ask: " + prompt);
        }
    };
}
