package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.docker.PublishedPort;
import reflector.setup.support.CliRun;
import reflector.setup.support.FakeDocker;
import reflector.setup.verify.FakeNextAuthFrontend;
import reflector.setup.verify.FakeReflectorBackend;

/**
 * The verify step as a user meets it: after the config steps of a password install, against
 * stand-ins of the backend's login API and of the frontend's NextAuth routes (running with the
 * www/.env the run wrote) at the ports the compose file publishes.
 */
class VerifyCommandLineTest {
    static final String PASSWORD = "a long admin password";

    @TempDir
    Path dir;

    final FakeDocker docker = new FakeDocker();
    FakeReflectorBackend backend;
    FakeNextAuthFrontend frontend;
    Path passwordFile;

    @BeforeEach
    void backendAtAMovedPort() throws Exception {
        backend = new FakeReflectorBackend();
        frontend = new FakeNextAuthFrontend(backend.baseUrl());
        frontend.wwwEnv = dir.resolve("www/.env");
        docker.publishedPorts = Map.of(
                "server",
                List.of(new PublishedPort("127.0.0.1", backend.port(), 1250, "tcp")),
                "web",
                List.of(new PublishedPort("127.0.0.1", frontend.port(), 3000, "tcp")));
        docker.runningAtTheSchemaHead();
        passwordFile = Files.writeString(Files.createTempFile("verify-pw", ".txt"), PASSWORD + "\n");
    }

    @AfterEach
    void stop() throws Exception {
        frontend.close();
        backend.close();
        Files.deleteIfExists(passwordFile);
    }

    CliRun.Result install(String... more) {
        return run("--only", "secrets,server-env,www-env,verify", more);
    }

    CliRun.Result run(String selection, String steps, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--cpu",
                "--dir",
                dir.toString(),
                "--project-name",
                FakeDocker.PROJECT,
                selection,
                steps,
                "--non-interactive",
                "--hf-token",
                "hf_abcdefgh",
                "--password-file",
                passwordFile.toString()));
        args.addAll(List.of(more));
        return new CliRun().docker(() -> docker).run(args.toArray(String[]::new));
    }

    @Test
    void aWorkingLoginIsReported() {
        backend.adminPassword = PASSWORD;
        CliRun.Result result = install();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(
                result.err()
                        .contains("login as admin@localhost through the frontend works: its session holds a token the "
                                + "API accepts; the API refuses requests without it"),
                result.err());
        assertEquals(1, backend.loginAttempts());
    }

    @Test
    void aRefusedLoginExitsFourSayingWhyAndPrintsNoSecret() throws Exception {
        backend.adminPassword = "what an older server still has";
        CliRun.Result result = install("--output", "json");
        assertEquals(4, result.exitCode(), result::toString);
        var json = new ObjectMapper().readTree(result.out());
        assertEquals(4, json.get("exitCode").asInt());
        assertTrue(
                json.get("error")
                        .asText()
                        .startsWith("login as admin@localhost through the frontend was refused "
                                + "(POST /api/auth/callback/credentials answered 401, error=CredentialsSignin)"),
                result.out());
        assertFalse((result.out() + result.err()).contains(PASSWORD), "the password was printed");
        assertEquals(1, backend.loginAttempts(), "one login per run");
    }

    @Test
    void aWwwEnvThatDisagreesWithTheBackendExitsFourSayingSo() throws Exception {
        backend.adminPassword = PASSWORD;
        assertEquals(0, install().exitCode());
        Path www = dir.resolve("www/.env");
        Files.writeString(
                www, Files.readString(www).replace("FEATURE_REQUIRE_LOGIN=true", "FEATURE_REQUIRE_LOGIN=false"));
        CliRun.Result result = new CliRun()
                .docker(() -> docker)
                .run(
                        "--cpu",
                        "--dir",
                        dir.toString(),
                        "--only",
                        "verify",
                        "--non-interactive",
                        "--hf-token",
                        "hf_abcdefgh");
        assertEquals(4, result.exitCode(), result::toString);
        assertTrue(
                result.err()
                        .contains("the frontend offers no login but the API requires one (AUTH_BACKEND=password): "
                                + "www/.env FEATURE_REQUIRE_LOGIN=false"),
                result.err());
        assertEquals(1, backend.loginAttempts(), "only the install's login");
    }

    @Test
    void verifyIsAStepNameForOnlyAndSkip() {
        CliRun.Result result = run("--skip", "prerequisites,storage,caddyfile,services,health,verify");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(Files.exists(dir.resolve("server/.env")));
        assertEquals(List.of(), backend.requests());
        CliRun.Result unknown = run("--only", "verfiy");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("health, verify"), unknown.err());
    }
}
