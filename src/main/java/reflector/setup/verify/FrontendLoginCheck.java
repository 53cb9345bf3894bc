package reflector.setup.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import reflector.setup.text.Sha256;

/**
 * The frontend's side of login, as a browser meets it (NextAuth v4 with Reflector's authOptions):
 * the providers it offers must be the login the backend checks, and with the admin's password a
 * login through it must give a session. That login goes the browser's way: the CSRF token and its
 * cookie, the credentials callback (the frontend makes the run's one backend login there, with
 * SERVER_API_URL), then the session the cookie opens. It proves NEXTAUTH_SECRET (the CSRF cookie
 * is hashed with www/.env's secret) and NEXTAUTH_URL (the answer sends the browser to its origin).
 */
public final class FrontendLoginCheck {
    static final String PROVIDERS = "GET /api/auth/providers";
    static final String CSRF = "GET /api/auth/csrf";
    static final String CALLBACK = "POST /api/auth/callback/credentials";
    static final String SESSION = "GET /api/auth/session";
    private static final String WEB = "web";

    private final NextAuthClient client;
    private final FrontendEnv www;
    private final Consumer<String> secrets;

    public FrontendLoginCheck(NextAuthClient client, FrontendEnv www, Consumer<String> secrets) {
        this.client = client;
        this.www = www;
        this.secrets = secrets;
    }

    /** A public API: the frontend must not ask for a login, or the site shows a login nobody can pass. */
    public void offersNoLogin() throws CheckFailed, InterruptedException {
        List<String> providers = providers();
        if (!providers.isEmpty()) {
            throw failed("the frontend asks for a login (" + String.join(", ", providers) + ") but the API is public: "
                    + www.disagreement("FEATURE_REQUIRE_LOGIN", !www.requiresLogin()));
        }
    }

    /**
     * A protected API: the frontend must offer a login, the password one ("credentials") exactly
     * when AUTH_BACKEND=password. Returns the providers it offers.
     */
    public List<String> offersLogin(String authBackend) throws CheckFailed, InterruptedException {
        List<String> providers = providers();
        if (providers.isEmpty()) {
            throw failed("the frontend offers no login but the API requires one (AUTH_BACKEND=" + authBackend + "): "
                    + www.disagreement("FEATURE_REQUIRE_LOGIN", www.requiresLogin()));
        }
        boolean password = "password".equals(authBackend);
        if (password && !providers.contains("credentials")) {
            throw failed("the frontend offers login by " + String.join(", ", providers)
                    + ", not the password login the API " + "checks (AUTH_BACKEND=password): "
                    + www.disagreement("AUTH_PROVIDER", www.credentials()));
        }
        if (!password && providers.contains("credentials")) {
            throw failed("the frontend offers the password login, but the API checks external tokens (AUTH_BACKEND="
                    + authBackend + "): " + www.disagreement("AUTH_PROVIDER", !www.credentials()));
        }
        return providers;
    }

    /** Logs in as {@code email} through the frontend: its session, with the backend's token in it. */
    public FrontendSession login(String email, char[] password) throws CheckFailed, InterruptedException {
        String csrfToken = csrfToken();
        HttpAnswer answer = call(CALLBACK, () -> client.signIn(email, password, csrfToken));
        URI next = redirect(answer);
        String error = query(next, "error");
        if (next.getRawQuery() != null && next.getRawQuery().contains("csrf=true")) {
            throw failed("the frontend refused the login's CSRF token (" + CALLBACK + " sent it to " + next.getPath()
                    + "?csrf=true): the CSRF cookie did not come back as it was set");
        }
        if ("CredentialsSignin".equals(error)) {
            // NextAuth says no more: authorize() returns null for any refusal by the backend.
            throw CheckFailed.at(
                    "server",
                    "login as " + email + " through the frontend was refused (" + CALLBACK
                            + " answered " + answer.status()
                            + ", error=CredentialsSignin): the backend did not accept the "
                            + "password, because the hash in server/.env does not match the admin account, or because its "
                            + "limit of 10 logins in 5 minutes was reached (then try again in 5 minutes)",
                    null);
        }
        if (!error.isEmpty()) {
            throw failed("login through the frontend failed (" + CALLBACK + " answered " + answer.status() + ", error="
                    + error + "): the frontend calls the backend at SERVER_API_URL (" + FrontendEnv.FILE
                    + " SERVER_API_URL=" + www.value("SERVER_API_URL") + ")");
        }
        if (answer.status() != 200 || next.getScheme() == null) {
            throw failed(CALLBACK + " answered " + answer.status() + configuration(answer) + " instead of a session");
        }
        if (client.cookie("next-auth.session-token").isEmpty()) {
            throw failed(CALLBACK + " answered 200 without a session cookie (next-auth.session-token)");
        }
        sendsBrowsersToNextAuthUrl(next);
        return session(email);
    }

    /** GET /api/auth/csrf: the token, and its cookie hashed with the secret www/.env holds. */
    private String csrfToken() throws CheckFailed, InterruptedException {
        HttpAnswer answer = call(CSRF, client::csrf);
        String token = answer.status() == 200 ? answer.json().path("csrfToken").asText("") : "";
        if (token.isEmpty()) {
            throw failed(CSRF + " answered " + answer.status() + configuration(answer) + " without a csrfToken");
        }
        secrets.accept(token);
        String cookie = client.cookie("next-auth.csrf-token")
                .orElseThrow(() -> failed(CSRF + " set no CSRF cookie (next-auth.csrf-token)"));
        String secret = www.value("NEXTAUTH_SECRET");
        // next-auth's double-submit cookie is "token|sha256(token + secret)".
        if (!secret.isEmpty() && !cookie.equals(token + "|" + Sha256.hex(token + secret))) {
            throw failed("the frontend's CSRF cookie is not made with the NEXTAUTH_SECRET in " + FrontendEnv.FILE
                    + ": the web container runs with another secret; " + FrontendEnv.RECREATE);
        }
        return token;
    }

    /** The answer's URL sends a browser to the public site, NEXTAUTH_URL's origin, once logged in. */
    private void sendsBrowsersToNextAuthUrl(URI next) throws CheckFailed {
        String configured = www.value("NEXTAUTH_URL");
        if (!configured.isEmpty() && !origin(next).equals(origin(URI.create(configured)))) {
            throw failed("the frontend's NextAuth sends browsers to " + origin(next) + ", but " + FrontendEnv.FILE
                    + " has NEXTAUTH_URL=" + configured + ": the web container runs with older settings; "
                    + FrontendEnv.RECREATE);
        }
    }

    private FrontendSession session(String email) throws CheckFailed, InterruptedException {
        HttpAnswer answer = call(SESSION, client::session);
        JsonNode session = answer.status() == 200 ? answer.json() : MissingNode.getInstance();
        String who = session.path("user").path("email").asText("");
        if (who.isEmpty()) {
            throw failed(
                    SESSION + " with the login's session cookie answered " + answer.status() + " without a user: "
                            + "the frontend cannot read the session it set (its NEXTAUTH_SECRET, or its session callback failed)");
        }
        if (!who.equalsIgnoreCase(email)) {
            throw failed(SESSION + " names " + who + ", not " + email);
        }
        String token = session.path("accessToken").asText("");
        if (token.isEmpty()) {
            throw failed("the frontend's session for " + email + " holds no accessToken: it cannot call the API");
        }
        secrets.accept(token);
        return new FrontendSession(who, session.path("user").path("id").asText(""), token);
    }

    /** The provider ids the frontend offers ({} when login is off); a failing answer is a broken login set-up. */
    private List<String> providers() throws CheckFailed, InterruptedException {
        HttpAnswer answer = call(PROVIDERS, client::providers);
        JsonNode providers = answer.status() == 200 ? answer.json() : MissingNode.getInstance();
        if (!providers.isObject()) {
            throw failed("the frontend's login does not work: " + PROVIDERS + " answered " + answer.status()
                    + configuration(answer) + " (" + FrontendEnv.FILE + " has FEATURE_REQUIRE_LOGIN="
                    + www.value("FEATURE_REQUIRE_LOGIN") + ", AUTH_PROVIDER=" + www.value("AUTH_PROVIDER")
                    + "; the web container's log says more)");
        }
        List<String> ids = new ArrayList<>();
        providers.fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    /** Where the answer sends the browser: {"url"} with json=true. */
    private static URI redirect(HttpAnswer answer) {
        try {
            return URI.create(answer.json().path("url").asText(""));
        } catch (IllegalArgumentException notAUrl) {
            return URI.create("");
        }
    }

    private static String query(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return "";
        }
        String raw = Arrays.stream(query.split("&"))
                .filter(pair -> pair.startsWith(name + "="))
                .map(pair -> pair.substring(name.length() + 1))
                .findFirst()
                .orElse("");
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return raw;
        }
    }

    private static String origin(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == ("https".equals(uri.getScheme()) ? 443 : 80);
        return uri.getScheme() + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
    }

    /** NextAuth's own {"message"} for a configuration error (no NEXTAUTH_SECRET in production). */
    private static String configuration(HttpAnswer answer) {
        JsonNode message = answer.json().path("message");
        return message.isTextual() ? " (" + message.asText() + ")" : "";
    }

    private static CheckFailed failed(String message) {
        return CheckFailed.at(WEB, message, null);
    }

    private HttpAnswer call(String what, HttpAnswer.Request request) throws CheckFailed, InterruptedException {
        return HttpAnswer.of(request, WEB, "the frontend at " + client.baseUrl(), what);
    }
}
