package reflector.setup.verify;

import java.io.IOException;
import java.util.Optional;

/**
 * A check of the deployed application failed. The message says what failed and, where it can,
 * why; it never carries a secret (the checks register those with the masker first).
 */
public final class CheckFailed extends Exception {
    private static final long serialVersionUID = 1L;
    /** The compose service whose answer failed, when the check that threw talks to more than one. */
    private final String service;

    public CheckFailed(String message) {
        this(null, message, null);
    }

    public CheckFailed(String message, Throwable cause) {
        this(null, message, cause);
    }

    private CheckFailed(String service, String message, Throwable cause) {
        super(message, cause);
        this.service = service;
    }

    /** A failure of {@code service}'s answer, e.g. the frontend's in a check that asks the backend too. */
    static CheckFailed at(String service, String message, Throwable cause) {
        return new CheckFailed(service, message, cause);
    }

    public Optional<String> service() {
        return Optional.ofNullable(service);
    }

    /** An I/O failure in a few words: its message, or its kind when it has none (a refused connection). */
    static String reason(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
