package reflector.setup.core;

/**
 * A failure the user can act on. Its message is printed as one line on stderr and the process
 * exits with its code; the stack trace is shown only with --verbose.
 */
public class InstallerException extends RuntimeException implements ExitCoded {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;

    public InstallerException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public InstallerException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    @Override
    public ExitCode exitCode() {
        return exitCode;
    }

    public static InstallerException badInput(String message) {
        return new InstallerException(ExitCode.BAD_INPUT, message);
    }

    public static InstallerException environment(String message) {
        return new InstallerException(ExitCode.ENVIRONMENT, message);
    }

    public static InstallerException serviceFailed(String message) {
        return new InstallerException(ExitCode.SERVICE_FAILED, message);
    }
}
