package reflector.setup.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reflector.setup.envfile.EnvFile;
import reflector.setup.http.HttpTransport;
import reflector.setup.s3.S3Client;
import reflector.setup.s3.SigV4;
import reflector.setup.secrets.PasswordHasher;

/**
 * A deployment made the way the ORIGINAL bash installer makes it is taken over in place: a
 * Reflector checkout in a directory of its own name, the Compose project named after it (no -p,
 * no COMPOSE_PROJECT_NAME), env files written unquoted with the password hash's `$` doubled,
 * garage.toml without an admin token, and Garage's bucket and key made through its CLI. Data is
 * written to PostgreSQL and to Garage; after reflector-setup runs with the same flags, the same
 * project, volumes, data, Garage key and secrets are there, and login still works.
 * PostgreSQL, Redis and Docker are real; the backend, frontend, model server and Garage are
 * STAND-INS written to their documented interfaces (testenv/).
 */
class TakeOverIT {
    static final String PASSWORD = "take-over-Passw0rd";
    static final String ROW = "kept across the take-over";
    static final byte[] OBJECT = "a meeting recording".getBytes(StandardCharsets.UTF_8);
    static TestDeployment deployment;
    static Path dir;

    @BeforeAll
    static void originalDeployment() throws Exception {
        deployment = TestDeployment.checkout("original");
        dir = deployment.dir;
    }

    @AfterAll
    static void removeIt() throws Exception {
        if (deployment != null) {
            deployment.remove();
        }
    }

    @Test
    void anOriginalDeploymentKeepsItsProjectVolumesDataSecretsAndLogin() throws Exception {
        SecureRandom random = new SecureRandom();
        String secretKey = hex(random);
        String nextAuthSecret = hex(random);
        layOutAsTheOriginal(secretKey, nextAuthSecret, random);
        Shell.Result up = original("up", "-d");
        assertEquals(0, up.exitCode(), up::toString);
        awaitExec("garage", "/garage", "node", "id", "-q");
        awaitExec("postgres", "pg_isready", "-U", "reflector", "-h", "127.0.0.1");
        String[] key = provisionGarageAsTheOriginal();
        Files.writeString(
                dir.resolve("server/.env"),
                "TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID=" + key[0] + "\n" + "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY="
                        + key[1] + "\n",
                StandardOpenOption.APPEND);
        psql("CREATE TABLE meeting (title text); INSERT INTO meeting VALUES ('" + ROW + "');");
        s3(key).putObject("reflector-media", "recordings/one.txt", OBJECT);
        List<String> volumesBefore = deployment.stack.volumes();
        assertTrue(volumesBefore.contains(deployment.stack.project() + "_postgres_data"), volumesBefore.toString());

        Path passwordFile = deployment.parent.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Shell.Result takeOver = Shell.installer(
                Map.of(),
                "--cpu",
                "--garage",
                "--password-file",
                passwordFile.toString(),
                "--dir",
                dir.toString(),
                "--non-interactive",
                "--ignore-preflight",
                "memory,disk");
        assertEquals(0, takeOver.exitCode(), takeOver::toString);
        assertTrue(takeOver.err().contains("login as admin@localhost through the frontend works"), takeOver.err());

        assertEquals(volumesBefore, deployment.stack.volumes(), "the same volumes, and no new ones");
        assertEquals(ROW, psql("SELECT title FROM meeting;").strip());
        assertArrayEquals(OBJECT, s3(key).getObject("reflector-media", "recordings/one.txt"));
        EnvFile server = EnvFile.parse(Files.readString(dir.resolve("server/.env")));
        assertEquals(secretKey, server.get("SECRET_KEY").orElseThrow());
        assertEquals(key[0], server.get("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID").orElseThrow());
        assertEquals(
                key[1], server.get("TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY").orElseThrow());
        assertEquals("password", server.get("AUTH_BACKEND").orElseThrow());
        assertTrue(PasswordHasher.verify(
                PASSWORD.toCharArray(), server.get("ADMIN_PASSWORD_HASH").orElseThrow()));
        assertEquals(
                nextAuthSecret,
                EnvFile.parse(Files.readString(dir.resolve("www/.env")))
                        .get("NEXTAUTH_SECRET")
                        .orElseThrow());
        assertEquals(
                deployment.stack.project(),
                EnvFile.parse(Files.readString(dir.resolve(".env")))
                        .get("COMPOSE_PROJECT_NAME")
                        .orElseThrow());
        assertEquals(200, login().statusCode(), "the admin still logs in");
    }

    private void layOutAsTheOriginal(String secretKey, String nextAuthSecret, SecureRandom random) throws Exception {
        String compose = Files.readString(TestDeployment.repository().resolve("docker-compose.selfhosted.yml"));
        Files.writeString(dir.resolve("docker-compose.selfhosted.yml"), compose);
        // As the original writes them: unquoted, and the hash's `$` doubled for Compose.
        String hash = PasswordHasher.hash(PASSWORD.toCharArray(), random).replace("$", "$$");
        Files.writeString(
                dir.resolve("server/.env"),
                String.join(
                        "\n",
                        "DATABASE_URL=postgresql+asyncpg://reflector:reflector@postgres:5432/reflector",
                        "REDIS_HOST=redis",
                        "CELERY_BROKER_URL=redis://redis:6379/1",
                        "CELERY_RESULT_BACKEND=redis://redis:6379/1",
                        "SECRET_KEY=" + secretKey,
                        "AUTH_BACKEND=password",
                        "PUBLIC_MODE=false",
                        "ADMIN_EMAIL=admin@localhost",
                        "ADMIN_PASSWORD_HASH=" + hash,
                        "BASE_URL=http://localhost:1250",
                        "CORS_ORIGIN=http://localhost:1250",
                        "TRANSCRIPT_BACKEND=modal",
                        "TRANSCRIPT_URL=http://transcription:8000",
                        "TRANSCRIPT_MODAL_API_KEY=selfhosted",
                        "DIARIZATION_ENABLED=true",
                        "DIARIZATION_BACKEND=modal",
                        "DIARIZATION_URL=http://transcription:8000",
                        "TRANSLATION_BACKEND=modal",
                        "TRANSLATE_URL=http://transcription:8000",
                        "TRANSCRIPT_STORAGE_BACKEND=aws",
                        "TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL=http://garage:3900",
                        "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME=reflector-media",
                        "TRANSCRIPT_STORAGE_AWS_REGION=garage",
                        "CELERY_BEAT_POLL_INTERVAL=300",
                        ""));
        Files.writeString(
                dir.resolve("www/.env"),
                String.join(
                        "\n",
                        "SITE_URL=http://localhost",
                        "NEXTAUTH_URL=http://localhost",
                        "API_URL=http://localhost",
                        "NEXTAUTH_SECRET=" + nextAuthSecret,
                        "WEBSOCKET_URL=auto",
                        "SERVER_API_URL=http://server:1250",
                        "KV_URL=redis://redis:6379",
                        "FEATURE_REQUIRE_LOGIN=true",
                        "AUTH_PROVIDER=credentials",
                        ""));
        Files.writeString(dir.resolve(".env"), "HF_TOKEN=\n");
        Files.createDirectories(dir.resolve("data"));
        String toml = Files.readString(TestDeployment.repository().resolve("templates/garage.toml.template"))
                .replace("@RPC_SECRET@", hex(random))
                .replaceAll("(?m)^(admin_token|metrics_token) = .*\\R", "");
        Files.writeString(dir.resolve("data/garage.toml"), toml);
    }

    /** As the original: `docker compose` in the directory, no -p, so the project is the directory's name. */
    private Shell.Result original(String... args) {
        List<String> command = new ArrayList<>(List.of(
                "env",
                "-u",
                "COMPOSE_PROJECT_NAME",
                "docker",
                "compose",
                "-f",
                "docker-compose.selfhosted.yml",
                "--profile",
                "cpu",
                "--profile",
                "garage"));
        command.addAll(List.of(args));
        return Shell.run(Map.of(), 300, List.of("sh", "-c", "cd '" + dir + "' && " + shellJoin(command)));
    }

    private String[] provisionGarageAsTheOriginal() {
        String nodeId = exec("garage", "/garage", "node", "id", "-q").strip().split("@")[0];
        exec("garage", "/garage", "layout", "assign", nodeId, "-c", "1G", "-z", "dc1");
        exec("garage", "/garage", "layout", "apply", "--version", "1");
        exec("garage", "/garage", "bucket", "create", "reflector-media");
        String created = exec("garage", "/garage", "key", "create", "reflector");
        exec("garage", "/garage", "bucket", "allow", "reflector-media", "--read", "--write", "--key", "reflector");
        return new String[] {field(created, "Key ID"), field(created, "Secret key")};
    }

    private String psql(String sql) {
        return exec("postgres", "psql", "-U", "reflector", "-d", "reflector", "-tA", "-c", sql);
    }

    private String exec(String service, String... command) {
        List<String> args = new ArrayList<>(List.of("exec", "-T", service));
        args.addAll(List.of(command));
        Shell.Result result = original(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::toString);
        return result.out();
    }

    /** Services take a few seconds to start: the original script waited too. */
    private void awaitExec(String service, String... command) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("exec", "-T", service));
        args.addAll(List.of(command));
        Shell.Result last = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            last = original(args.toArray(String[]::new));
            if (last.exitCode() == 0) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(service + " did not come up: " + last);
    }

    private static S3Client s3(String[] key) {
        return new S3Client(
                URI.create("http://127.0.0.1:3900"),
                "garage",
                new SigV4.Credentials(key[0], key[1]),
                new HttpTransport(Duration.ofSeconds(5)),
                Clock.systemUTC(),
                Duration.ofSeconds(10));
    }

    private static HttpResponse<String> login() throws Exception {
        String body = "{\"email\":\"admin@localhost\",\"password\":\"" + PASSWORD + "\"}";
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:1250/v1/auth/login"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String output, String name) {
        Matcher matcher =
                Pattern.compile("(?m)^" + Pattern.quote(name) + ": (\\S+)").matcher(output);
        assertTrue(matcher.find(), name + " in: " + output);
        return matcher.group(1);
    }

    private static String hex(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String shellJoin(List<String> words) {
        return String.join(
                " ",
                words.stream()
                        .map(word -> "'" + word.replace("'", "'\\''") + "'")
                        .toList());
    }
}
