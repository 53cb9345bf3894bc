package reflector.setup.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reflector.setup.http.HttpTransport;

/** The login check against a stand-in of the backend's documented login API. */
class AuthCheckTest {
    static final String EMAIL = "admin@localhost";

    FakeReflectorBackend backend;
    final List<String> secrets = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        backend = new FakeReflectorBackend();
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    AuthCheck check() {
        return new AuthCheck(new ReflectorApiClient(backend.baseUrl(), new HttpTransport(Duration.ofSeconds(5)), Duration.ofSeconds(10)),
                secrets::add);
    }

    String loginFails(String password) {
        return assertThrows(CheckFailed.class, () -> check().login(EMAIL, password.toCharArray())).getMessage();
    }

    @Test
    void oneLoginGivesATokenTheApiAcceptsAndTheTokenIsASecret() throws Exception {
        assertEquals("login as admin@localhost works; the API refuses requests without it",
                check().login(EMAIL, backend.adminPassword.toCharArray()));
        assertEquals(List.of("GET /v1/transcripts", "POST /v1/auth/login", "GET /v1/transcripts", "GET /v1/me"),
                backend.requests());
        assertEquals(List.copyOf(backend.issuedTokens()), secrets, "the token is registered with the masker");
    }

    @Test
    void aBackendWithoutPasswordLoginIsNamed() {
        backend.passwordLogin = false;
        assertEquals("the backend has no password login (POST /v1/auth/login answered 404): this Reflector version "
                + "predates it", loginFails(backend.adminPassword));
    }

    @Test
    void aRefusedPasswordIsNamedAndTriedOnce() {
        assertEquals("login with admin@localhost was refused (POST /v1/auth/login answered 401: Invalid email or "
                + "password): the password hash in server/.env does not match the backend's admin account",
                loginFails("not the password"));
        assertEquals(1, backend.loginAttempts(), "one login per run: the backend rate-limits them");
    }

    @Test
    void aRateLimitedLoginSaysToWaitAndIsNotRetried() {
        backend.exhaustLoginAttempts();
        assertEquals("login was rate limited (POST /v1/auth/login answered 429; the backend allows 10 attempts in "
                + "5 minutes): try again in 5 minutes", loginFails(backend.adminPassword));
        assertEquals(FakeReflectorBackend.LOGIN_LIMIT + 1, backend.loginAttempts());
    }

    @Test
    void anApiOpenWithoutLoginFailsBeforeAnyLogin() {
        backend.publicMode = true;
        assertEquals("the API answered without login although AUTH_BACKEND=password (GET /v1/transcripts answered 200)",
                loginFails(backend.adminPassword));
        assertEquals(0, backend.loginAttempts());
    }

    @Test
    void aTokenTheApiRefusesIsNamed() {
        backend.acceptsTokens = false;
        assertEquals("the API refused the token that the login gave (GET /v1/transcripts with it answered 401)",
                loginFails(backend.adminPassword));
    }

    @Test
    void aTokenThatIsNotTheAdminsIsNamed() {
        backend.meAnswers = "someone@example.com";
        assertEquals("GET /v1/me with the login's token answered 200 for someone@example.com, not for admin@localhost",
                loginFails(backend.adminPassword));
        backend.meAnswers = "";
        assertEquals("GET /v1/me with the login's token answered 200 without a user, not for admin@localhost",
                loginFails(backend.adminPassword));
    }

    @Test
    void aPublicInstanceAnswersWithoutLogin() throws Exception {
        backend.publicMode = true;
        String asked = "AUTH_BACKEND=none, PUBLIC_MODE=true";
        assertEquals("the API answers without login: the instance is public, as asked", check().publicInstance(asked));
        backend.publicMode = false;
        assertEquals("the API asks for a login (GET /v1/transcripts answered 401) although server/.env has "
                + asked, assertThrows(CheckFailed.class, () -> check().publicInstance(asked)).getMessage());
    }

    @Test
    void aProtectedInstanceRefusesWithoutTokenAndNeverLogsIn() throws Exception {
        check().refusesWithoutToken("jwt");
        assertEquals(List.of("GET /v1/transcripts"), backend.requests());
        backend.publicMode = true;
        assertEquals("the API answered without login although AUTH_BACKEND=jwt (GET /v1/transcripts answered 200)",
                assertThrows(CheckFailed.class, () -> check().refusesWithoutToken("jwt")).getMessage());
    }

    @Test
    void aBackendThatDoesNotAnswerIsNamed() {
        backend.close();
        String message = loginFails("whatever");
        assertTrue(message.startsWith("the backend at " + backend.baseUrl() + " did not answer GET /v1/transcripts: "), message);
    }

    @Test
    void theLoginBodyIsJsonWithThePasswordEscaped() throws Exception {
        String password = "p\"w\\d\u0001é ü";
        byte[] body = ReflectorApiClient.loginBody("admin@localhost", password.toCharArray());
        var json = new ObjectMapper().readTree(new String(body, StandardCharsets.UTF_8));
        assertEquals("admin@localhost", json.get("email").asText());
        assertEquals(password, json.get("password").asText());
    }
}
