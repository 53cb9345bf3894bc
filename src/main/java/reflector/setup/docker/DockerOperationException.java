package reflector.setup.docker;

/** A Docker or Compose operation failed; the message says which and why. */
public class DockerOperationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DockerOperationException(String message) {
        super(message);
    }

    public DockerOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
