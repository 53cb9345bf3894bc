package reflector.setup.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reflector.setup.envfile.EnvFile;
import reflector.setup.support.DirectorySnapshot;

/**
 * A whole install against the real Docker Engine and Compose, run through the built jar as a
 * user runs it. PostgreSQL, Redis and Caddy are the real programs (Debian's packages in local
 * images); the Reflector backend and frontend, the model server, Ollama and Garage are STAND-INS
 * written to their documented interfaces (testenv/), because their images cannot be had here.
 * Built by scripts/dev/build-test-images.sh, which the README's test command runs first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallIT {
    static final String MODEL = "qwen2.5:0.5b";
    static final String HF_TOKEN = "hf_e2eTokenThatMustNeverBePrinted";
    static final String PASSWORD = "e2e-Admin-Passw0rd";
    static TestDeployment deployment;
    static Path dir;
    static Stack stack;

    static final List<String> INSTALL = List.of(
            "--cpu",
            "--ollama-cpu",
            "--llm-model",
            MODEL,
            "--garage",
            "--caddy",
            "--public-ip",
            "192.0.2.10",
            "--non-interactive",
            "--ignore-preflight",
            "memory,disk",
            // No registry is reachable: the locally built images are used and nothing is pulled.
            "--pull",
            "missing");

    @BeforeAll
    static void freshDeploymentDirectory() throws Exception {
        deployment = TestDeployment.checkout("install");
        dir = deployment.dir;
        stack = deployment.stack;
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (deployment != null) {
            deployment.remove();
        }
    }

    static Shell.Result install(String... extra) {
        List<String> args = new ArrayList<>(INSTALL);
        args.addAll(List.of("--dir", dir.toString()));
        args.addAll(List.of(extra));
        return Shell.installer(Map.of("HF_TOKEN", HF_TOKEN), args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void aFreshInstallReachesRunningWithEveryServiceHealthy() throws Exception {
        Shell.Result result = install();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Reflector is running."), result.out());

        // The installer waits for each service to answer; Docker's own healthcheck of a service that
        // just started may report a moment later (on a busy machine): give it that moment.
        Map<String, Stack.Container> containers = stack.awaitNoHealthStarting(60);
        assertEquals(
                List.of("beat", "caddy", "cpu", "garage", "ollama-cpu", "postgres", "redis", "server", "web", "worker"),
                containers.keySet().stream().sorted().toList());
        for (Stack.Container container : containers.values()) {
            assertEquals("running", container.state(), container.toString());
            assertTrue(List.of("healthy", "none").contains(container.health()), container.toString());
        }
        for (String service : List.of("cpu", "ollama-cpu", "server", "web", "redis", "postgres", "garage", "caddy")) {
            assertEquals("healthy", containers.get(service).health(), service + " has a healthcheck that must pass");
        }
        // The project is the directory's name, recorded in .env: a user's own compose command reaches it.
        assertEquals(
                stack.project(),
                EnvFile.parse(Files.readString(dir.resolve(".env")))
                        .get("COMPOSE_PROJECT_NAME")
                        .orElseThrow());
        Shell.Result byHand = Shell.run(
                Map.of(),
                60,
                List.of(
                        "sh",
                        "-c",
                        "cd '" + dir + "' && env -u COMPOSE_PROJECT_NAME "
                                + "docker compose -f docker-compose.selfhosted.yml --profile cpu ps -q server"));
        assertEquals(
                containers.get("server").id().substring(0, 12),
                byHand.out().strip().substring(0, 12),
                byHand.toString());
        assertTrue(
                stack.volumes().contains(stack.project() + "_gpu_cache"),
                stack.volumes().toString());
        // The application is proven to work, not only its ports: public API, storage round trip, LLM.
        assertTrue(
                result.err()
                        .contains("the API answers without login and the frontend offers none: the instance is "
                                + "public, as asked"),
                result.err());
        assertTrue(
                result.err().contains("storage: wrote, read and deleted an object in reflector-media"), result.err());
        assertTrue(result.err().contains(MODEL + " answered"), result.err());
        assertNoSecretPrinted(result);
    }

    @Test
    @Order(2)
    void caddyRoutesApiHealthAndPagesToTheRightServiceThroughLoopback() throws Exception {
        HttpClient https = trustingOurOwnInternalCa();
        HttpResponse<String> health = get(https, "https://127.0.0.1/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("healthy"), health.body());
        HttpResponse<String> api = get(https, "https://127.0.0.1/v1/transcripts");
        assertEquals(200, api.statusCode(), "a public instance answers without login");
        assertTrue(api.body().contains("\"items\""), api.body());
        HttpResponse<String> page = get(https, "https://127.0.0.1/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("reflector-web-standin"), page.body());
    }

    @Test
    @Order(3)
    void ollamaHasTheModelAndGarageTheKey() throws Exception {
        HttpResponse<String> tags = get(HttpClient.newHttpClient(), "http://127.0.0.1:11435/api/tags");
        assertTrue(tags.body().contains("\"" + MODEL + "\""), tags.body());
        EnvFile server = EnvFile.parse(Files.readString(dir.resolve("server/.env")));
        assertTrue(server.get("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID").orElse("").startsWith("GK"));
        assertEquals("http://ollama-cpu:11435/v1", server.get("LLM_URL").orElseThrow());
        assertEquals(
                HF_TOKEN,
                EnvFile.parse(Files.readString(dir.resolve(".env")))
                        .get("HF_TOKEN")
                        .orElseThrow());
    }

    @Test
    @Order(4)
    void aSecondIdenticalRunChangesNoFileAndRecreatesNoContainer() {
        DirectorySnapshot files = DirectorySnapshot.of(dir);
        Map<String, String> ids = stack.ids();
        Shell.Result result = install();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(files, DirectorySnapshot.of(dir));
        assertEquals(ids, stack.ids());
        assertTrue(result.out().contains("Changes:  none: everything was already as asked"), result.out());
        assertTrue(result.err().contains("containers kept as they were"), result.err());
        assertTrue(
                result.err().contains("not building cpu, server, web: built here from the same sources"), result.err());
        assertTrue(result.err().contains("not running compose up"), result.err());
        assertFalse(
                result.err().lines().anyMatch(line -> line.strip().startsWith("Container ")),
                "neither Garage alone nor the stack went through compose up:\n" + result.err());
    }

    @Test
    @Order(5)
    void aFileAddedToOneBuildContextBuildsThatImageAlone() throws Exception {
        Map<String, String> ids = stack.ids();
        Files.writeString(dir.resolve("www/added-by-the-test.txt"), "a file the frontend's Dockerfile does not copy\n");
        Shell.Result result = install();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("not building cpu, server: built here from the same sources"), result.err());
        assertTrue(result.err().contains("building web\n"), result.err());
        // BuildKit gives the same image (the Dockerfile does not copy the file), so Compose recreates nothing.
        assertEquals(ids, stack.ids());

        Shell.Result again = install();
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().contains("not building cpu, server, web"), again.err());
        assertTrue(again.err().contains("not running compose up"), again.err());
    }

    @Test
    @Order(5)
    void jsonOutputIsOneDocumentWithTheSameFacts() throws Exception {
        Shell.Result result = install("--output", "json", "--quiet");
        assertEquals(0, result.exitCode(), result::toString);
        var json = new ObjectMapper().readTree(result.out());
        assertEquals("ok", json.get("result").asText());
        assertFalse(json.get("changed").asBoolean(), result.out());
        assertEquals("https://192.0.2.10", json.get("urls").get("site").asText());
        assertEquals("garage", json.get("storage").asText());
        assertEquals("healthy", json.get("services").get("server").asText());
        assertEquals(12, json.get("steps").size(), "switches, storage-move, bundle and the nine named steps");
        assertNoSecretPrinted(result);
    }

    @Test
    @Order(5)
    void dayTwoCommandsShowTheStackWithoutSecrets() throws Exception {
        Shell.Result status = Shell.installer(Map.of(), "status", "--dir", dir.toString());
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("server") && status.out().contains("healthy"), status.out());
        Shell.Result logs = Shell.installer(Map.of(), "logs", "server", "--dir", dir.toString(), "--tail", "50");
        assertEquals(0, logs.exitCode(), logs::toString);
        assertTrue(logs.out().contains("[server]"), logs.out());
        Shell.Result diagnose = Shell.installer(Map.of(), "diagnose", "--dir", dir.toString());
        assertEquals(0, diagnose.exitCode(), diagnose::toString);
        assertTrue(diagnose.out().contains("Docker Compose"), diagnose.out());
        assertTrue(diagnose.out().contains("Compose project " + stack.project()), diagnose.out());
        assertTrue(diagnose.out().contains("Reflector the Reflector checkout"), diagnose.out());
        for (Shell.Result result : List.of(status, logs, diagnose)) {
            assertNoSecretPrinted(result);
        }
        // Another directory has no deployment, however many run on the engine.
        Path empty = Files.createDirectories(deployment.parent.resolve("rse2e-empty"));
        for (String command : List.of("status", "logs", "diagnose")) {
            Shell.Result nothing = Shell.installer(Map.of(), command, "--dir", empty.toString());
            assertEquals(3, nothing.exitCode(), nothing::toString);
            assertTrue(nothing.err().contains("nothing is deployed in " + empty.toRealPath()), nothing.err());
            assertFalse(nothing.out().contains(stack.project() + "-server"), nothing.out());
        }
    }

    @Test
    @Order(6)
    void garageCredentialsAreRestoredAfterServerEnvIsLost() throws Exception {
        EnvFile before = EnvFile.parse(Files.readString(dir.resolve("server/.env")));
        Files.delete(dir.resolve("server/.env"));
        Shell.Result result = install();
        assertEquals(0, result.exitCode(), result::toString);
        EnvFile after = EnvFile.parse(Files.readString(dir.resolve("server/.env")));
        for (String key : List.of("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID", "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY")) {
            assertEquals(before.get(key), after.get(key), key);
        }
        assertNotEquals(before.get("SECRET_KEY"), after.get("SECRET_KEY"), "a lost SECRET_KEY is generated anew");
    }

    @Test
    @Order(7)
    void aServerThatExitsAtStartFailsTheInstallWithExitFourAndItsLogs() throws Exception {
        Path env = dir.resolve("server/.env");
        String original = Files.readString(env);
        // The stand-in also prints SECRET_KEY in its crash message, so the diagnostics must mask it.
        Files.writeString(env, original + "STANDIN_EXIT_AT_START=leak-secret\n");
        try {
            Shell.Result result = install();
            assertEquals(4, result.exitCode(), result::toString);
            assertTrue(result.err().contains("ERROR: server stopped"), result.err());
            assertTrue(result.err().contains("---- containers ----"), result.err());
            assertTrue(result.err().contains("last 40 log lines of server"), result.err());
            assertTrue(result.err().contains("exiting at start as STANDIN_EXIT_AT_START asks"), result.err());
            assertTrue(result.err().contains("bad key SECRET_KEY ********"), result.err());
            assertNoSecretPrinted(result);
            Shell.Result logs = Shell.installer(Map.of(), "logs", "server", "--dir", dir.toString());
            assertTrue(logs.out().contains("bad key SECRET_KEY ********"), logs.out());
            assertNoSecretPrinted(logs);
        } finally {
            Files.writeString(env, original);
        }
        Shell.Result recovered = install();
        assertEquals(0, recovered.exitCode(), recovered::toString);
    }

    @Test
    @Order(8)
    void buildFromALocalSourceBuildsEveryImage() throws Exception {
        // Another Reflector "checkout" made of the stand-ins' build directories.
        Path source = dir.resolve("source");
        TestDeployment.standInSources(source);
        Shell.Result result = install("--build", "--source", source.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("building cpu, server, web"), result.err());
        EnvFile root = EnvFile.parse(Files.readString(dir.resolve(".env")));
        assertEquals(
                source.resolve("server").toString(),
                root.get("REFLECTOR_SERVER_CONTEXT").orElseThrow());
        assertEquals(
                source.resolve("www").toString(),
                root.get("REFLECTOR_WEB_CONTEXT").orElseThrow());
        for (Stack.Container container : stack.containers().values()) {
            assertEquals("running", container.state(), container.toString());
        }
    }

    @Test
    @Order(9)
    void aPortMovedInTheComposeFileIsWhereTheInstallerLooks() throws Exception {
        Path compose = dir.resolve("docker-compose.selfhosted.yml");
        String original = Files.readString(compose);
        String moved = original.replace("\"127.0.0.1:3000:3000\"", "\"127.0.0.1:3001:3000\"");
        assertNotEquals(original, moved, "the bundled compose file publishes the frontend on 3000");
        Files.writeString(compose, moved);
        Shell.Result result = install();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("web answers"), result.err());
        assertFalse(result.err().contains("web did not answer"), result.err());
        assertEquals(
                200, get(HttpClient.newHttpClient(), "http://127.0.0.1:3001/").statusCode());
        assertEquals(moved, Files.readString(compose), "the user's compose file is kept");
    }

    @Test
    @Order(10)
    void aPasswordTurnsLoginOnAndOneLoginThroughTheFrontendProvesIt() throws Exception {
        Path passwordFile = deployment.parent.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Shell.Result result = install("--password-file", passwordFile.toString());
        assertEquals(0, result.exitCode(), result::toString);
        // The frontend's NextAuth (the stand-in) made the backend login, at the port moved in Order(9).
        assertTrue(
                result.err()
                        .contains("login as admin@localhost through the frontend works: its session holds a token "
                                + "the API accepts; the API refuses requests without it"),
                result.err());
        assertEquals(
                401,
                get(HttpClient.newHttpClient(), "http://127.0.0.1:1250/v1/transcripts")
                        .statusCode());
        assertFalse((result.out() + result.err()).contains(PASSWORD));
        assertNoSecretPrinted(result);
    }

    @Test
    @Order(11)
    void aFrontendThatDisagreesWithTheBackendFailsTheRunAndARerunPutsItRight() throws Exception {
        // www/.env edited to show a site without login, and kept so by skipping the step that writes it.
        Path www = dir.resolve("www/.env");
        Files.writeString(
                www, Files.readString(www).replace("FEATURE_REQUIRE_LOGIN=true", "FEATURE_REQUIRE_LOGIN=false"));
        Shell.Result result = install("--skip", "www-env");
        assertEquals(4, result.exitCode(), result::toString);
        assertTrue(
                result.err()
                        .contains("the frontend offers no login but the API requires one (AUTH_BACKEND=password): "
                                + "www/.env FEATURE_REQUIRE_LOGIN=false"),
                result.err());
        assertTrue(result.err().contains("last 40 log lines of web"), result.err());

        // A lost www/.env, re-made on a run without --password, asks for the login the backend checks.
        Files.delete(www);
        Shell.Result rerun = install();
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertEquals(
                "true",
                EnvFile.parse(Files.readString(www))
                        .get("FEATURE_REQUIRE_LOGIN")
                        .orElseThrow());
        assertTrue(
                rerun.err().contains("the API refuses requests without login and the frontend offers it (credentials)"),
                rerun.err());
        assertNoSecretPrinted(rerun);
    }

    @Test
    @Order(12)
    void aRefusedLoginFailsTheRunWithExitFourAndSaysWhy() throws Exception {
        // The backend allows 10 login attempts in 5 minutes from one client address, and every login
        // through the frontend comes from the web container's: use them up from there, as guesses
        // through the site would, and the installer's one attempt is refused.
        String web = stack.containers().get("web").id();
        for (int attempt = 0; attempt < 10; attempt++) {
            Shell.run(
                    Map.of(),
                    30,
                    List.of(
                            "docker",
                            "exec",
                            web,
                            "wget",
                            "-q",
                            "-O",
                            "/dev/null",
                            "--header",
                            "Content-Type: application/json",
                            "--post-data",
                            "{\"email\":\"admin@localhost\",\"password\":\"guess" + attempt + "\"}",
                            "http://server:1250/v1/auth/login"));
        }
        Path passwordFile = deployment.parent.resolve("password");
        Shell.Result result = install("--password-file", passwordFile.toString());
        assertEquals(4, result.exitCode(), result::toString);
        assertTrue(result.err().contains("login as admin@localhost through the frontend was refused"), result.err());
        assertTrue(result.err().contains("or because its limit of 10 logins in 5 minutes was reached"), result.err());
        assertFalse((result.out() + result.err()).contains(PASSWORD));
    }

    @Test
    @Order(13)
    void noReachableEngineExitsThreeNamingTheSocket() {
        Shell.Result result = Shell.installer(
                Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"),
                "--cpu",
                "--dir",
                dir.toString(),
                "--non-interactive",
                "--garage");
        assertEquals(3, result.exitCode(), result::toString);
        assertTrue(result.err().contains("unix:///nonexistent/docker.sock"), result.err());
    }

    private static void assertNoSecretPrinted(Shell.Result result) throws Exception {
        String printed = result.out() + result.err();
        List<String> secrets = new ArrayList<>(List.of(HF_TOKEN));
        for (String file : List.of("server/.env", "www/.env")) {
            EnvFile env = EnvFile.parse(Files.readString(dir.resolve(file)));
            for (String key : List.of("SECRET_KEY", "NEXTAUTH_SECRET", "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY")) {
                env.get(key).filter(value -> !value.isEmpty()).ifPresent(secrets::add);
            }
        }
        String toml = Files.readString(dir.resolve("data/garage.toml"));
        Matcher matcher = Pattern.compile("(?m)^(?:rpc_secret|admin_token|metrics_token) = \"([^\"]+)\"")
                .matcher(toml);
        while (matcher.find()) {
            secrets.add(matcher.group(1));
        }
        for (String secret : secrets) {
            assertFalse(printed.contains(secret), "a secret was printed: " + secret.substring(0, 4) + "...");
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Caddy's internal CA is made at first start: the test cannot know it, so it trusts what 127.0.0.1 shows. */
    static HttpClient trustingOurOwnInternalCa() throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(
                null,
                new TrustManager[] {
                    new X509ExtendedTrustManager() {
                        public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}

                        public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}

                        public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

                        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

                        public void checkClientTrusted(X509Certificate[] c, String a) {}

                        public void checkServerTrusted(X509Certificate[] c, String a) {}

                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                null);
        return HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
