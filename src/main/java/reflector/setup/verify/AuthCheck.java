package reflector.setup.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Proves that the backend's authentication is what server/.env asks for: a public instance
 * answers without login; a protected one refuses a request without a token, and with a password
 * one login as the admin gives a token that the API accepts. Only one login is made per run:
 * the backend answers 429 after 10 attempts in 5 minutes.
 */
public final class AuthCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOGIN = "POST /v1/auth/login";
    private static final String TRANSCRIPTS = "GET /v1/transcripts";

    private final ReflectorApiClient api;
    private final Consumer<String> secrets;

    /** {@code secrets} registers the token with the run's masker before anything could show it. */
    public AuthCheck(ReflectorApiClient api, Consumer<String> secrets) {
        this.api = api;
        this.secrets = secrets;
    }

    /**
     * AUTH_BACKEND=none: the API must answer without a token. {@code configuration} names the
     * settings that ask for it (the backend also needs PUBLIC_MODE=true), for the message.
     */
    public String publicInstance(String configuration) throws CheckFailed, InterruptedException {
        int status = call(TRANSCRIPTS, () -> api.transcripts(null)).status();
        if (status == 401 || status == 403) {
            throw new CheckFailed("the API asks for a login (" + TRANSCRIPTS + " answered " + status
                    + ") although server/.env has " + configuration);
        }
        expect(200, status, TRANSCRIPTS + " without login");
        return "the API answers without login: the instance is public, as asked";
    }

    /** A protected instance: a request without a token must be refused. */
    public void refusesWithoutToken(String authBackend) throws CheckFailed, InterruptedException {
        int status = call(TRANSCRIPTS, () -> api.transcripts(null)).status();
        if (status == 200) {
            throw new CheckFailed("the API answered without login although AUTH_BACKEND=" + authBackend
                    + " (" + TRANSCRIPTS + " answered 200)");
        }
        expect(401, status, TRANSCRIPTS + " without login");
    }

    /** One login as {@code email}; the token it gives must open the API and belong to that user. */
    public String login(String email, char[] password) throws CheckFailed, InterruptedException {
        refusesWithoutToken("password");
        HttpAnswer answer = call(LOGIN, () -> api.login(email, password));
        switch (answer.status()) {
            case 200 -> { }
            case 404 -> throw new CheckFailed("the backend has no password login (" + LOGIN
                    + " answered 404): this Reflector version predates it");
            case 401 -> throw new CheckFailed("login with " + email + " was refused (" + LOGIN + " answered 401"
                    + detail(answer) + "): the password hash in server/.env does not match the backend's admin account");
            case 429 -> throw new CheckFailed("login was rate limited (" + LOGIN + " answered 429; the backend "
                    + "allows 10 attempts in 5 minutes): try again in 5 minutes");
            // The body of other refusals (422) may quote the request, and so the password: never shown.
            default -> throw new CheckFailed("login with " + email + " failed: " + LOGIN + " answered " + answer.status());
        }
        String token = json(answer).path("access_token").asText("");
        if (token.isEmpty()) {
            throw new CheckFailed("login with " + email + " answered 200 without an access_token");
        }
        secrets.accept(token);
        int status = call(TRANSCRIPTS, () -> api.transcripts(token)).status();
        if (status != 200) {
            throw new CheckFailed("the API refused the token that the login gave (" + TRANSCRIPTS + " with it answered "
                    + status + ")");
        }
        HttpAnswer me = call("GET /v1/me", () -> api.me(token));
        String who = me.status() == 200 ? json(me).path("email").asText("") : "";
        if (!who.equalsIgnoreCase(email)) {
            throw new CheckFailed("GET /v1/me with the login's token answered " + me.status()
                    + (who.isEmpty() ? " without a user" : " for " + who) + ", not for " + email);
        }
        return "login as " + email + " works; the API refuses requests without it";
    }

    private static void expect(int expected, int status, String what) throws CheckFailed {
        if (status != expected) {
            throw new CheckFailed(what + " answered " + status + ", expected " + expected);
        }
    }

    /** The backend's {"detail": "..."} when it is a plain text, as in its 401. */
    private static String detail(HttpAnswer answer) {
        JsonNode detail = json(answer).path("detail");
        return detail.isTextual() ? ": " + detail.asText() : "";
    }

    private static JsonNode json(HttpAnswer answer) {
        try {
            JsonNode node = JSON.readTree(answer.body());
            return node == null ? JSON.missingNode() : node;
        } catch (IOException notJson) {
            return JSON.missingNode();
        }
    }

    @FunctionalInterface
    private interface Call {
        HttpAnswer send() throws IOException, InterruptedException;
    }

    private HttpAnswer call(String what, Call call) throws CheckFailed, InterruptedException {
        try {
            return call.send();
        } catch (IOException e) {
            throw new CheckFailed("the backend at " + api.baseUrl() + " did not answer " + what + ": "
                    + CheckFailed.reason(e), e);
        }
    }
}
