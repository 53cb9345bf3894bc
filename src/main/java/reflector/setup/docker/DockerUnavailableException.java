package reflector.setup.docker;

/** The engine did not answer at the endpoint. */
public class DockerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean endpointFound;

    public DockerUnavailableException(String message, Throwable cause) {
        this(message, cause, true);
    }

    /** @param endpointFound false when nothing pointed at an engine (no variable, context or socket): not installed, or not started */
    public DockerUnavailableException(String message, Throwable cause, boolean endpointFound) {
        super(message, cause);
        this.endpointFound = endpointFound;
    }

    public boolean endpointFound() {
        return endpointFound;
    }
}
