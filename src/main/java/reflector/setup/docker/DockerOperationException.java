package reflector.setup.docker;

import reflector.setup.core.ExitCode;
import reflector.setup.core.ExitCoded;

/** A Docker or Compose operation failed; the message says which and why. */
public class DockerOperationException extends RuntimeException implements ExitCoded {
    private static final long serialVersionUID = 1L;

    public DockerOperationException(String message) {
        super(message);
    }

    public DockerOperationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Exit 4: a service failed. */
    @Override
    public ExitCode exitCode() {
        return ExitCode.SERVICE_FAILED;
    }
}
