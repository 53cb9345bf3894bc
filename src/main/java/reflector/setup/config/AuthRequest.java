package reflector.setup.config;

import java.util.Arrays;

/**
 * What the user asked about authentication. KEEP leaves an existing password or jwt setup
 * alone (and makes a new install public); only PUBLIC turns authentication off.
 */
public final class AuthRequest {
    public enum Mode { KEEP, PASSWORD, PUBLIC }

    private final Mode mode;
    private final char[] password;

    private AuthRequest(Mode mode, char[] password) {
        this.mode = mode;
        this.password = password;
    }

    public static AuthRequest keep() {
        return new AuthRequest(Mode.KEEP, null);
    }

    public static AuthRequest makePublic() {
        return new AuthRequest(Mode.PUBLIC, null);
    }

    public static AuthRequest password(char[] password) {
        return new AuthRequest(Mode.PASSWORD, password.clone());
    }

    public Mode mode() {
        return mode;
    }

    /** A copy; the caller wipes it after use. */
    public char[] password() {
        if (password == null) {
            throw new IllegalStateException("no password in " + mode + " mode");
        }
        return password.clone();
    }

    public void wipe() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String toString() {
        return "AuthRequest[" + mode + "]";
    }
}
