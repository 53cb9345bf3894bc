package reflector.setup.verify;

/**
 * A check of the deployed application failed. The message says what failed and, where it can,
 * why; it never carries a secret (the checks register those with the masker first).
 */
public final class CheckFailed extends Exception {
    private static final long serialVersionUID = 1L;

    public CheckFailed(String message) {
        super(message);
    }

    public CheckFailed(String message, Throwable cause) {
        super(message, cause);
    }

    /** An I/O failure in a few words: its message, or its kind when it has none (a refused connection). */
    static String reason(java.io.IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
