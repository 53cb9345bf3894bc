package reflector.setup.docker;

/**
 * How a command ran whose output went to a stream of the caller's: its exit code and the end of
 * what it wrote to stderr (for the message when it failed; it may quote secrets, so mask it).
 */
public record ExecResult(int exitCode, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
