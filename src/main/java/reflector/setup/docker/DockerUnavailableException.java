package reflector.setup.docker;

import reflector.setup.core.ExitCode;
import reflector.setup.core.ExitCoded;

/** The engine did not answer at the endpoint. */
public class DockerUnavailableException extends RuntimeException implements ExitCoded {
    private static final long serialVersionUID = 1L;

    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Exit 3: an environment failure. */
    @Override
    public ExitCode exitCode() {
        return ExitCode.ENVIRONMENT;
    }
}
