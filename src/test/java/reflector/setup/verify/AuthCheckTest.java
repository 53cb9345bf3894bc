package reflector.setup.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reflector.setup.http.HttpTransport;

/**
 * The login check against stand-ins of the backend's documented login API and of the frontend's
 * NextAuth routes in front of it: the login goes through the frontend, as a browser's does.
 */
class AuthCheckTest {
    static final String EMAIL = "admin@localhost";

    FakeReflectorBackend backend;
    FakeNextAuthFrontend frontend;
    final List<String> secrets = new CopyOnWriteArrayList<>();
    /** www/.env as the installer wrote it for a password install, the frontend's secret included. */
    String www;

    @BeforeEach
    void start() throws IOException {
        backend = new FakeReflectorBackend();
        frontend = new FakeNextAuthFrontend(backend.baseUrl());
        www = "SERVER_API_URL=http://server:1250\nNEXTAUTH_URL=https://192.0.2.10\nNEXTAUTH_SECRET=" + frontend.secret
                + "\nFEATURE_REQUIRE_LOGIN=true\nAUTH_PROVIDER=credentials\n";
    }

    @AfterEach
    void stop() {
        frontend.close();
        backend.close();
    }

    AuthCheck check() {
        HttpTransport http = new HttpTransport(Duration.ofSeconds(5));
        return new AuthCheck(
                new ReflectorApiClient(backend.baseUrl(), http, Duration.ofSeconds(10)),
                new FrontendLoginCheck(
                        new NextAuthClient(frontend.baseUrl(), http, Duration.ofSeconds(10), secrets::add),
                        FrontendEnv.parse(www),
                        secrets::add));
    }

    CheckFailed loginFails(String password) {
        return assertThrows(CheckFailed.class, () -> check().login(EMAIL, password.toCharArray()));
    }

    String message(String password) {
        return loginFails(password).getMessage();
    }

    @Test
    void oneLoginThroughTheFrontendGivesASessionWhoseTokenTheApiAccepts() throws Exception {
        assertEquals(
                "login as admin@localhost through the frontend works: its session holds a token the API accepts; "
                        + "the API refuses requests without it",
                check().login(EMAIL, backend.adminPassword.toCharArray()));
        assertEquals(
                List.of(
                        "GET /api/auth/providers",
                        "GET /api/auth/csrf",
                        "POST /api/auth/callback/credentials",
                        "GET /api/auth/session"),
                frontend.requests());
        assertEquals(
                List.of(
                        "GET /v1/transcripts",
                        "GET /v1/auth/login",
                        "POST /v1/auth/login",
                        "GET /v1/me",
                        "GET /v1/transcripts",
                        "GET /v1/me"),
                backend.requests(),
                "the frontend's login and /v1/me between ours");
        assertEquals(1, backend.loginAttempts(), "one login per run: the backend rate-limits them");
        String token = backend.issuedTokens().iterator().next();
        assertTrue(secrets.contains(token), "the session's token is registered with the masker");
        assertTrue(secrets.stream().anyMatch(secret -> secret.contains("|")), "the CSRF cookie too");
        assertTrue(secrets.size() >= 4, "the CSRF token, its cookie, the session cookie: " + secrets.size());
    }

    @Test
    void overPlainHttpTheCookiesHaveNoPrefixAndTheLoginWorksAlike() throws Exception {
        frontend.nextAuthUrl = "http://localhost";
        www = www.replace("https://192.0.2.10", "http://localhost");
        check().login(EMAIL, backend.adminPassword.toCharArray());
        assertEquals(1, backend.loginAttempts());
    }

    @Test
    void aRefusedPasswordIsNamedBlamesTheBackendAndIsTriedOnce() {
        CheckFailed failure = loginFails("not the password");
        assertEquals(
                "login as admin@localhost through the frontend was refused (POST /api/auth/callback/credentials "
                        + "answered 401, error=CredentialsSignin): the backend did not accept the password, because the hash in "
                        + "server/.env does not match the admin account, or because its limit of 10 logins in 5 minutes was "
                        + "reached (then try again in 5 minutes)",
                failure.getMessage());
        assertEquals("server", failure.service().orElseThrow(), "the backend's log says which");
        assertEquals(1, backend.loginAttempts());
    }

    @Test
    void aRateLimitedLoginIsTheSameRefusalAndIsNotRetried() {
        backend.exhaustLoginAttempts();
        assertTrue(
                message(backend.adminPassword).contains("or because its limit of 10 logins in 5 minutes was reached"));
        assertEquals(FakeReflectorBackend.LOGIN_LIMIT + 1, backend.loginAttempts());
    }

    @Test
    void aBackendWithoutPasswordLoginIsNamedBeforeAnyLogin() {
        backend.passwordLogin = false;
        assertEquals(
                "the backend has no password login (GET /v1/auth/login answered 404): this Reflector version "
                        + "predates it",
                message(backend.adminPassword));
        assertEquals(0, backend.loginAttempts());
    }

    @Test
    void aFrontendWithoutLoginInFrontOfAProtectedApiIsTheDisagreementInWwwEnv() {
        frontend.requireLogin = false;
        www = www.replace("FEATURE_REQUIRE_LOGIN=true", "FEATURE_REQUIRE_LOGIN=false");
        CheckFailed failure = loginFails(backend.adminPassword);
        assertEquals(
                "the frontend offers no login but the API requires one (AUTH_BACKEND=password): www/.env "
                        + "FEATURE_REQUIRE_LOGIN=false",
                failure.getMessage());
        assertEquals("web", failure.service().orElseThrow());
        assertEquals(0, backend.loginAttempts());
    }

    @Test
    void aWebContainerOlderThanWwwEnvIsSaidToBe() {
        frontend.requireLogin = false;
        assertEquals(
                "the frontend offers no login but the API requires one (AUTH_BACKEND=password): www/.env has "
                        + "FEATURE_REQUIRE_LOGIN=true, but the web container still runs with older settings: a re-run of the "
                        + "installer recreates it",
                message(backend.adminPassword));
    }

    @Test
    void anAuthentikFrontendInFrontOfThePasswordApiIsNamed() {
        frontend.authProvider = "authentik";
        www = www.replace("AUTH_PROVIDER=credentials", "AUTH_PROVIDER=authentik");
        assertEquals(
                "the frontend offers login by authentik, not the password login the API checks "
                        + "(AUTH_BACKEND=password): www/.env AUTH_PROVIDER=authentik",
                message(backend.adminPassword));
    }

    @Test
    void aCsrfCookieThatDoesNotComeBackIsRefusedBeforeTheBackendIsAsked() {
        frontend.keepsCsrfCookie = false;
        assertEquals(
                "the frontend refused the login's CSRF token (POST /api/auth/callback/credentials sent it to "
                        + "/api/auth/signin?csrf=true): the CSRF cookie did not come back as it was set",
                message(backend.adminPassword));
        assertEquals(0, backend.loginAttempts());
    }

    @Test
    void aFrontendRunningWithAnotherNextAuthSecretIsNamed() {
        frontend.secret = "not the secret www/.env holds";
        assertEquals(
                "the frontend's CSRF cookie is not made with the NEXTAUTH_SECRET in www/.env: the web container "
                        + "runs with another secret; a re-run of the installer recreates it",
                message(backend.adminPassword));
        assertEquals(0, backend.loginAttempts());
    }

    @Test
    void aFrontendRunningWithAnotherNextAuthUrlIsNamed() {
        frontend.nextAuthUrl = "https://old.example.com";
        assertEquals(
                "the frontend's NextAuth sends browsers to https://old.example.com, but www/.env has "
                        + "NEXTAUTH_URL=https://192.0.2.10: the web container runs with older settings; a re-run of the "
                        + "installer recreates it",
                message(backend.adminPassword));
    }

    @Test
    void aSessionWithoutTheBackendsUserIdIsNamed() {
        frontend.asksForUserId = false;
        CheckFailed failure = loginFails(backend.adminPassword);
        assertEquals(
                "the frontend's session names the user id pending, but the backend's is user-id: the frontend "
                        + "could not ask the backend (SERVER_API_URL) who logged in",
                failure.getMessage());
        assertEquals("web", failure.service().orElseThrow());
    }

    @Test
    void aTokenTheApiRefusesOrThatIsNotTheAdminsIsNamed() {
        backend.meAnswers = "someone@example.com";
        assertEquals(
                "GET /v1/me with the token of the frontend's session answered 200 for someone@example.com, not for "
                        + "admin@localhost",
                message(backend.adminPassword));
        backend.acceptsTokens = false;
        assertEquals(
                "the API refused the token of the frontend's session (GET /v1/transcripts with it answered 401)",
                message(backend.adminPassword));
    }

    @Test
    void anApiOpenWithoutLoginFailsBeforeAnyLogin() {
        backend.publicMode = true;
        assertEquals(
                "the API answered without login although AUTH_BACKEND=password (GET /v1/transcripts answered 200)",
                message(backend.adminPassword));
        assertEquals(0, backend.loginAttempts());
        assertEquals(List.of(), frontend.requests());
    }

    @Test
    void aPublicInstanceAnswersWithoutLoginAndItsFrontendOffersNone() throws Exception {
        backend.publicMode = true;
        frontend.requireLogin = false;
        www = www.replace("FEATURE_REQUIRE_LOGIN=true", "FEATURE_REQUIRE_LOGIN=false");
        String asked = "AUTH_BACKEND=none, PUBLIC_MODE=true";
        assertEquals(
                "the API answers without login and the frontend offers none: the instance is public, as asked",
                check().publicInstance(asked));
        frontend.requireLogin = true;
        assertEquals(
                "the frontend asks for a login (credentials) but the API is public: www/.env has "
                        + "FEATURE_REQUIRE_LOGIN=false, but the web container still runs with older settings: a re-run of the "
                        + "installer recreates it",
                assertThrows(CheckFailed.class, () -> check().publicInstance(asked))
                        .getMessage());
        backend.publicMode = false;
        assertEquals(
                "the API asks for a login (GET /v1/transcripts answered 401) although server/.env has " + asked,
                assertThrows(CheckFailed.class, () -> check().publicInstance(asked))
                        .getMessage());
    }

    @Test
    void aProtectedInstanceRefusesWithoutTokenOffersItsLoginAndNeverLogsIn() throws Exception {
        assertEquals(
                "the API refuses requests without login and the frontend offers it (credentials)",
                check().protectedInstance("password"));
        assertEquals(List.of("GET /v1/transcripts"), backend.requests());
        assertEquals(List.of("GET /api/auth/providers"), frontend.requests());
        assertEquals(
                "the frontend offers the password login, but the API checks external tokens (AUTH_BACKEND=jwt): "
                        + "www/.env AUTH_PROVIDER=credentials",
                assertThrows(CheckFailed.class, () -> check().protectedInstance("jwt"))
                        .getMessage());
        frontend.authProvider = "authentik";
        assertEquals(
                "the API refuses requests without login and the frontend offers it (authentik)",
                check().protectedInstance("jwt"));
        backend.publicMode = true;
        assertEquals(
                "the API answered without login although AUTH_BACKEND=jwt (GET /v1/transcripts answered 200)",
                assertThrows(CheckFailed.class, () -> check().protectedInstance("jwt"))
                        .getMessage());
    }

    @Test
    void aBackendOrFrontendThatDoesNotAnswerIsNamed() {
        frontend.close();
        String message = message("whatever");
        assertTrue(
                message.startsWith(
                        "the frontend at " + frontend.baseUrl() + " did not answer GET /api/auth/providers: "),
                message);
        backend.close();
        message = message("whatever");
        assertTrue(
                message.startsWith("the backend at " + backend.baseUrl() + " did not answer GET /v1/transcripts: "),
                message);
    }

    @Test
    void theFormBodyCarriesThePasswordEncoded() {
        String password = "p&w=d+%é ü\"";
        String body = new String(
                NextAuthClient.formBody("admin@localhost", password.toCharArray(), "abc123"),
                StandardCharsets.US_ASCII);
        assertTrue(body.startsWith("email=admin%40localhost&password="), body);
        assertTrue(body.endsWith("&csrfToken=abc123&json=true"), body);
        String encoded = body.substring(body.indexOf("password=") + 9, body.indexOf("&csrfToken"));
        assertEquals(password, URLDecoder.decode(encoded, StandardCharsets.UTF_8));
    }
}
