package reflector.setup.verify;

/**
 * What GET /api/auth/session gave after the login: the user and the backend's token that the
 * frontend keeps for its API calls. Not printed whole: the token is a login.
 */
public record FrontendSession(String email, String userId, String accessToken) {
    @Override
    public String toString() {
        return "FrontendSession[" + email + ", " + userId + "]";
    }
}
