package reflector.setup.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.garage.GarageAdminClient;
import reflector.setup.garage.GarageProvisioner;
import reflector.setup.garage.KeyInfo;
import reflector.setup.http.HttpTransport;
import reflector.setup.ollama.OllamaClient;
import reflector.setup.s3.S3Client;
import reflector.setup.s3.SigV4;
import reflector.setup.secrets.PasswordHasher;
import reflector.setup.support.PythonStandIn;

/**
 * The verify step's checks against testenv/'s stand-ins, the ones the end-to-end tests deploy,
 * run here as local processes on free ports: both sides must agree on the login (through the
 * frontend's NextAuth routes, in front of the backend's login API), Garage's S3 API and Ollama's
 * chat endpoint, on the success path and the refusals, before Docker is involved.
 */
class StandInsAgreeTest {
    static final HttpTransport HTTP = new HttpTransport(Duration.ofSeconds(5));
    static final String PASSWORD = "a long admin password";
    static final String NEXTAUTH_SECRET = "5f4dcc3b5aa765d61d8327deb882cf99";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsPython() {
        assumeTrue(PythonStandIn.pythonAvailable(), "python3 (3.11+) and testenv/ are needed");
    }

    static PythonStandIn backend(Map<String, String> env) throws Exception {
        return PythonStandIn.module(
                "backend/standin.py",
                "m.make_server(('127.0.0.1', 0), m.App(m.Settings(env)))",
                new ObjectMapper().writeValueAsString(env),
                Map.of());
    }

    /** The frontend stand-in as the compose file runs it, in front of {@code backend}; {@code www} is its www/.env. */
    static PythonStandIn frontend(PythonStandIn backend, Map<String, String> www) throws Exception {
        Map<String, String> env = new HashMap<>(www);
        env.put("NODE_ENV", "production");
        env.put("SERVER_API_URL", "http://127.0.0.1:" + backend.port);
        return PythonStandIn.module(
                "frontend/standin.py",
                "m.make_server(('127.0.0.1', 0), m.App(m.Settings(env)))",
                new ObjectMapper().writeValueAsString(env),
                Map.of());
    }

    static Map<String, String> www(String requireLogin) {
        return Map.of(
                "NEXTAUTH_URL",
                "https://192.0.2.10",
                "NEXTAUTH_SECRET",
                NEXTAUTH_SECRET,
                "FEATURE_REQUIRE_LOGIN",
                requireLogin,
                "AUTH_PROVIDER",
                "credentials",
                "SERVER_API_URL",
                "http://server:1250");
    }

    /** The check as the verify step makes it; {@code www} is what www/.env says, which the frontend may not run with. */
    static AuthCheck auth(PythonStandIn backend, PythonStandIn frontend, Map<String, String> www) {
        StringBuilder file = new StringBuilder();
        www.forEach((key, value) -> file.append(key).append('=').append(value).append('\n'));
        return new AuthCheck(
                new ReflectorApiClient(URI.create("http://127.0.0.1:" + backend.port), HTTP, Duration.ofSeconds(10)),
                new FrontendLoginCheck(
                        new NextAuthClient(
                                URI.create("http://127.0.0.1:" + frontend.port),
                                HTTP,
                                Duration.ofSeconds(10),
                                secret -> {}),
                        FrontendEnv.parse(file.toString()),
                        secret -> {}));
    }

    static Map<String, String> passwordBackend() {
        return Map.of(
                "AUTH_BACKEND",
                "password",
                "PUBLIC_MODE",
                "false",
                "ADMIN_EMAIL",
                "admin@localhost",
                "ADMIN_PASSWORD_HASH",
                PasswordHasher.hash(PASSWORD.toCharArray(), new SecureRandom()),
                "SECRET_KEY",
                "0f1e2d3c4b5a6978");
    }

    static String loginFails(AuthCheck check, String password) {
        return assertThrows(CheckFailed.class, () -> check.login("admin@localhost", password.toCharArray()))
                .getMessage();
    }

    @Test
    void loginThroughTheFrontendWithTheHashTheInstallerWritesAndEachRefusal() throws Exception {
        try (PythonStandIn backend = backend(passwordBackend());
                PythonStandIn frontend = frontend(backend, www("true"))) {
            AuthCheck check = auth(backend, frontend, www("true"));
            assertEquals(
                    "login as admin@localhost through the frontend works: its session holds a token the API accepts; "
                            + "the API refuses requests without it",
                    check.login("admin@localhost", PASSWORD.toCharArray()));
            assertEquals(
                    "login as admin@localhost through the frontend was refused (POST /api/auth/callback/credentials "
                            + "answered 401, error=CredentialsSignin): the backend did not accept the password, because the hash "
                            + "in server/.env does not match the admin account, or because its limit of 10 logins in 5 minutes "
                            + "was reached (then try again in 5 minutes)",
                    loginFails(check, "wrong"));
            Map<String, String> otherSecret = new HashMap<>(www("true"));
            otherSecret.put("NEXTAUTH_SECRET", "what www/.env says now");
            assertEquals(
                    "the frontend's CSRF cookie is not made with the NEXTAUTH_SECRET in www/.env: the web container "
                            + "runs with another secret; a re-run of the installer recreates it",
                    loginFails(auth(backend, frontend, otherSecret), PASSWORD));
        }
    }

    @Test
    void aFrontendWithoutLoginInFrontOfThePasswordBackendIsRefusedBeforeAnyLogin() throws Exception {
        try (PythonStandIn backend = backend(passwordBackend());
                PythonStandIn frontend = frontend(backend, www("false"))) {
            assertEquals(
                    "the frontend offers no login but the API requires one (AUTH_BACKEND=password): www/.env "
                            + "FEATURE_REQUIRE_LOGIN=false",
                    loginFails(auth(backend, frontend, www("false")), PASSWORD));
        }
    }

    @Test
    void noPasswordBackendAndThePublicInstance() throws Exception {
        try (PythonStandIn backend = backend(Map.of("AUTH_BACKEND", "none", "PUBLIC_MODE", "false"));
                PythonStandIn frontend = frontend(backend, www("true"))) {
            assertEquals(
                    "the backend has no password login (GET /v1/auth/login answered 404): this Reflector version "
                            + "predates it",
                    loginFails(auth(backend, frontend, www("true")), PASSWORD));
        }
        try (PythonStandIn backend = backend(Map.of("AUTH_BACKEND", "none", "PUBLIC_MODE", "true"));
                PythonStandIn frontend = frontend(backend, www("false"))) {
            assertEquals(
                    "the API answers without login and the frontend offers none: the instance is public, as asked",
                    auth(backend, frontend, www("false")).publicInstance("AUTH_BACKEND=none, PUBLIC_MODE=true"));
        }
    }

    @Test
    void storageRoundTripWithTheProvisionedKeyAndEachRefusal() throws Exception {
        int s3 = PythonStandIn.freePort();
        int admin = PythonStandIn.freePort();
        int rpc = PythonStandIn.freePort();
        Path toml = Files.writeString(
                dir.resolve("garage.toml"),
                String.join(
                        "\n",
                        "metadata_dir = \"" + dir.resolve("meta") + "\"",
                        "data_dir = \"" + dir.resolve("data") + "\"",
                        "db_engine = \"sqlite\"",
                        "replication_factor = 1",
                        "rpc_bind_addr = \"127.0.0.1:" + rpc + "\"",
                        "rpc_secret = \"" + "ab".repeat(32) + "\"",
                        "",
                        "[s3_api]",
                        "s3_region = \"garage\"",
                        "api_bind_addr = \"127.0.0.1:" + s3 + "\"",
                        "",
                        "[admin]",
                        "api_bind_addr = \"127.0.0.1:" + admin + "\"",
                        "admin_token = \"test-admin-token\"",
                        ""));
        try (PythonStandIn garage = PythonStandIn.command(
                List.of(PythonStandIn.TESTENV.resolve("garage/garage.py").toString(), "-c", toml.toString(), "server"),
                s3,
                admin)) {
            GarageAdminClient client = new GarageAdminClient(
                    URI.create("http://127.0.0.1:" + admin), "test-admin-token", HTTP, Duration.ofSeconds(10));
            GarageProvisioner.Result key =
                    new GarageProvisioner(client).ensure("reflector-media", "reflector", "dc1", 1_000_000_000L);
            assertEquals(
                    "storage: wrote, read and deleted an object in reflector-media",
                    storage(s3, key.accessKeyId(), key.secretAccessKey(), "garage", "reflector-media")
                            .run(new SecureRandom()));
            assertEquals(
                    "storage: writing and reading an object failed: the signature was refused (SignatureDoesNotMatch): "
                            + "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY in server/.env is not the secret of the key "
                            + key.accessKeyId(),
                    failure(storage(s3, key.accessKeyId(), "0".repeat(64), "garage", "reflector-media")));
            KeyInfo stranger = client.createKey("stranger");
            assertEquals(
                    "storage: writing and reading an object failed: the key " + stranger.accessKeyId() + " lacks "
                            + "read/write permission on the bucket reflector-media (AccessDenied: Forbidden: Operation is not "
                            + "allowed for this key.)",
                    failure(storage(
                            s3, stranger.accessKeyId(), stranger.secretAccessKey(), "garage", "reflector-media")));
            assertEquals(
                    "storage: writing and reading an object failed: the bucket reflector-other does not exist "
                            + "(NoSuchBucket)",
                    failure(storage(s3, key.accessKeyId(), key.secretAccessKey(), "garage", "reflector-other")));
            assertEquals(
                    "storage: writing and reading an object failed: the S3 API refused the region us-east-1 "
                            + "(AuthorizationHeaderMalformed): TRANSCRIPT_STORAGE_AWS_REGION must be the region the S3 API signs for "
                            + "(Garage: its s3_region)",
                    failure(storage(s3, key.accessKeyId(), key.secretAccessKey(), "us-east-1", "reflector-media")));
        }
    }

    static StorageCheck storage(int port, String keyId, String secret, String region, String bucket) {
        return new StorageCheck(
                new S3Client(
                        URI.create("http://127.0.0.1:" + port),
                        region,
                        new SigV4.Credentials(keyId, secret),
                        HTTP,
                        Clock.systemUTC(),
                        Duration.ofSeconds(10)),
                bucket,
                keyId,
                region);
    }

    static String failure(StorageCheck check) {
        return assertThrows(CheckFailed.class, () -> check.run(new SecureRandom()))
                .getMessage();
    }

    @Test
    void aPulledModelAnswersAndAMissingOneIsNamed() throws Exception {
        try (PythonStandIn ollama = PythonStandIn.module(
                "ollama/ollama.py",
                "m.DualStackServer(('127.0.0.1', 0), m.Handler)",
                "{}",
                Map.of("OLLAMA_MODELS", dir.toString(), "OLLAMA_STANDIN_PULL_DELAY", "0"))) {
            URI base = URI.create("http://127.0.0.1:" + ollama.port);
            new OllamaClient(base, HTTP).pull("qwen2.5:0.5b", progress -> {});
            LlmCheck check = new LlmCheck(
                    new ChatCompletionClient(URI.create(base + "/v1"), "not-needed", HTTP, Duration.ofSeconds(30)));
            assertEquals("LLM: qwen2.5:0.5b answered", check.run("qwen2.5:0.5b"));
            assertEquals(
                    "LLM: POST " + base + "/v1/chat/completions with model llama3.2 answered 404: model \"llama3.2\" "
                            + "not found, try pulling it first",
                    assertThrows(CheckFailed.class, () -> check.run("llama3.2")).getMessage());
        }
    }
}
