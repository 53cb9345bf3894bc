package reflector.setup.docker;

/** The engine did not answer at the endpoint. */
public class DockerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
