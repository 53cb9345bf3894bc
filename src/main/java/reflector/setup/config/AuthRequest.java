package reflector.setup.config;

/**
 * What the user asked about authentication. KEEP leaves an existing password or jwt setup
 * alone (and makes a new install public); only PUBLIC turns authentication off.
 *
 * <p>The password is not wiped from memory, because that would protect nothing: {@code --password
 * VALUE} and {@code REFLECTOR_ADMIN_PASSWORD} reach the JVM as immutable Strings, and the output
 * masker holds every password as a String for the whole run so that no line printed or logged can
 * show it. It is a {@code char[]} only because the prompt ({@code Console.readPassword}) and the
 * hash ({@code PBEKeySpec}) use that type. What does protect it: it is never printed or logged,
 * never put on a child process's command line, and only its hash is written, to server/.env (mode 0600).
 */
public final class AuthRequest {
    public enum Mode {
        KEEP,
        PASSWORD,
        PUBLIC
    }

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

    /** A copy, so that no caller can change the request. */
    public char[] password() {
        if (password == null) {
            throw new IllegalStateException("no password in " + mode + " mode");
        }
        return password.clone();
    }

    @Override
    public String toString() {
        return "AuthRequest[" + mode + "]";
    }
}
