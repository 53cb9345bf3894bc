package reflector.setup.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;

/**
 * Proves that the backend's authentication is what server/.env asks for and that the frontend
 * agrees with it: a public instance answers without login and the frontend offers none; a
 * protected one refuses a request without a token and the frontend offers its login; with a
 * password, one login as the admin through the frontend gives a session whose token the API
 * accepts. That is the run's only login: the backend answers 429 after 10 in 5 minutes, and the
 * frontend's credentials callback is what makes it.
 */
public final class AuthCheck {
    private static final String TRANSCRIPTS = "GET /v1/transcripts";
    private static final String LOGIN_ROUTE = "GET /v1/auth/login";

    private final ReflectorApiClient api;
    private final FrontendLoginCheck frontend;

    public AuthCheck(ReflectorApiClient api, FrontendLoginCheck frontend) {
        this.api = api;
        this.frontend = frontend;
    }

    /**
     * AUTH_BACKEND=none: the API must answer without a token, and the frontend must offer no
     * login. {@code configuration} names the settings that ask for it (the backend also needs
     * PUBLIC_MODE=true), for the message.
     */
    public String publicInstance(String configuration) throws CheckFailed, InterruptedException {
        int status = call(TRANSCRIPTS, () -> api.transcripts(null)).status();
        if (status == 401 || status == 403) {
            throw new CheckFailed("the API asks for a login (" + TRANSCRIPTS + " answered " + status
                    + ") although server/.env has " + configuration);
        }
        expect(200, status, TRANSCRIPTS + " without login");
        frontend.offersNoLogin();
        return "the API answers without login and the frontend offers none: the instance is public, as asked";
    }

    /** A protected instance: a request without a token is refused, and the frontend offers the login. */
    public String protectedInstance(String authBackend) throws CheckFailed, InterruptedException {
        int status = call(TRANSCRIPTS, () -> api.transcripts(null)).status();
        if (status == 200) {
            throw new CheckFailed("the API answered without login although AUTH_BACKEND=" + authBackend + " ("
                    + TRANSCRIPTS + " answered 200)");
        }
        expect(401, status, TRANSCRIPTS + " without login");
        List<String> providers = frontend.offersLogin(authBackend);
        return "the API refuses requests without login and the frontend offers it (" + String.join(", ", providers)
                + ")";
    }

    /**
     * The backend alone, for a run whose frontend did not answer within its wait (a warning, as in
     * the original): the API must refuse requests without a token when {@code requiresLogin}, and
     * answer them otherwise. No login is tried: it would go through the frontend.
     */
    public String backendOnly(boolean requiresLogin, String configuration) throws CheckFailed, InterruptedException {
        int status = call(TRANSCRIPTS, () -> api.transcripts(null)).status();
        if (requiresLogin) {
            expect(401, status, TRANSCRIPTS + " without login (" + configuration + ")");
        } else {
            expect(200, status, TRANSCRIPTS + " without login (" + configuration + ")");
        }
        return "the API " + (requiresLogin ? "refuses requests without login" : "answers without login") + " ("
                + configuration + "); the frontend and a login through it were not checked: web did not answer in time";
    }

    /** One login as {@code email} through the frontend; its session's token must open the API as that user. */
    public String login(String email, char[] password) throws CheckFailed, InterruptedException {
        protectedInstance("password");
        // FastAPI answers 405 to a GET on the login route, 404 without it: asked before a login is spent.
        if (call(LOGIN_ROUTE, api::loginRoute).status() == 404) {
            throw new CheckFailed("the backend has no password login (" + LOGIN_ROUTE + " answered 404): this "
                    + "Reflector version predates it");
        }
        FrontendSession session = frontend.login(email, password);
        int status =
                call(TRANSCRIPTS, () -> api.transcripts(session.accessToken())).status();
        if (status != 200) {
            throw new CheckFailed("the API refused the token of the frontend's session (" + TRANSCRIPTS
                    + " with it answered " + status + ")");
        }
        HttpAnswer me = call("GET /v1/me", () -> api.me(session.accessToken()));
        JsonNode user = me.status() == 200 ? me.json() : MissingNode.getInstance();
        String who = user.path("email").asText("");
        if (!who.equalsIgnoreCase(email)) {
            throw new CheckFailed("GET /v1/me with the token of the frontend's session answered " + me.status()
                    + (who.isEmpty() ? " without a user" : " for " + who) + ", not for " + email);
        }
        String id = user.path("sub").asText("");
        if (!id.equals(session.userId())) {
            // The frontend asks /v1/me for the id when it makes the session; "pending" when that failed.
            throw CheckFailed.at(
                    "web",
                    "the frontend's session names the user id " + session.userId() + ", but the " + "backend's is " + id
                            + ": the frontend could not ask the backend (SERVER_API_URL) who logged in",
                    null);
        }
        return "login as " + email + " through the frontend works: its session holds a token the API accepts; "
                + "the API refuses requests without it";
    }

    private static void expect(int expected, int status, String what) throws CheckFailed {
        if (status != expected) {
            throw new CheckFailed(what + " answered " + status + ", expected " + expected);
        }
    }

    private HttpAnswer call(String what, HttpAnswer.Request request) throws CheckFailed, InterruptedException {
        return HttpAnswer.of(request, null, "the backend at " + api.baseUrl(), what);
    }
}
