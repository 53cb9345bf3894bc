package reflector.setup.steps;

/** The backend's AUTH_BACKEND values that protect the instance. */
final class AuthMode {
    private AuthMode() {}

    static boolean isProtected(String authBackend) {
        return "password".equals(authBackend) || "jwt".equals(authBackend);
    }
}
