package reflector.setup.support;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import reflector.setup.core.InstallerException;
import reflector.setup.output.Terminal;

/** A terminal whose person types the given lines, then nothing more (end of input). */
public final class ScriptedTerminal implements Terminal {
    private final BufferedReader answers;

    public ScriptedTerminal(String typed) {
        this.answers = new BufferedReader(new InputStreamReader(
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public String readLine(String prompt) {
        try {
            String line = answers.readLine();
            if (line == null) {
                throw InstallerException.badInput("no answer (end of input) to: " + prompt.strip());
            }
            return line.strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public char[] readSecret(String prompt) {
        return readLine(prompt).toCharArray();
    }
}
