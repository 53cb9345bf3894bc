package reflector.setup.envfile;

/**
 * An env file that cannot be read safely: a line Docker Compose or python-dotenv cannot parse, or
 * one the two read differently. The message names the line and never quotes a value (values may
 * be secrets); the caller adds the file's name.
 */
public final class EnvFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int line;

    public EnvFileException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
    }

    /** 1-based, counting '\n' as the line separator (as editors and Compose do). */
    public int line() {
        return line;
    }
}
