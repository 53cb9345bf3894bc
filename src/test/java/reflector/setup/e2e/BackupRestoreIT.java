package reflector.setup.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reflector.setup.envfile.EnvFile;
import reflector.setup.http.HttpTransport;
import reflector.setup.s3.S3Client;
import reflector.setup.s3.SigV4;

/**
 * Back up a deployment with data in it, destroy it and its volumes (`down --volumes --yes`),
 * restore the archive into a NEW directory, and find the data, the Garage key and every service
 * healthy again. Then `down` keeps the volumes. PostgreSQL and Redis are real; the backend,
 * frontend, model server and Garage are STAND-INS written to their documented interfaces
 * (testenv/), Garage's S3 with real SigV4 checks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIT {
    static final String ROW = "kept across the restore";
    static final byte[] OBJECT = "a meeting recording".getBytes(StandardCharsets.UTF_8);
    static TestDeployment deployment;
    static Path restored;
    static Path archive;
    static String[] key;

    @BeforeAll
    static void install() throws Exception {
        deployment = TestDeployment.installed("backup");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (deployment != null) {
            deployment.remove(); // the restored deployment has the same project: this removes it too
        }
    }

    @Test
    @Order(1)
    void aBackupOfADeploymentWithDataIsOnePrivateArchive() throws Exception {
        psql("CREATE TABLE meeting (title text); INSERT INTO meeting VALUES ('" + ROW + "');");
        key = garageKey(deployment.dir);
        s3(key).putObject("reflector-media", "recordings/one.txt", OBJECT);
        exec("server", "sh", "-c", "echo transcript > /app/data/one.json");

        archive = deployment.parent.resolve("reflector.tar.gz");
        Shell.Result result = Shell.installer(
                Map.of(),
                "backup",
                "--dir",
                deployment.dir.toString(),
                "--output",
                archive.toString(),
                "--output",
                "json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("backup", json.get("command").asText());
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
        assertEquals(Files.size(archive), json.get("archive").get("bytes").asLong());
        List<String> members = json.get("manifest").get("entries").findValuesAsText("path");
        assertTrue(
                members.containsAll(List.of(
                        "files/server/.env",
                        "files/www/.env",
                        "files/.env",
                        "files/data/garage.toml",
                        "files/docker-compose.selfhosted.yml",
                        "database/reflector.sql",
                        "volumes/server_data.tar",
                        "volumes/garage_data.tar",
                        "volumes/garage_meta.tar",
                        "volumes/server_data.changed.tar",
                        "volumes/garage_data.changed.tar")),
                members.toString());
        List<String> listed = new ArrayList<>(List.of("manifest.json"));
        listed.addAll(members);
        assertEquals(
                listed, tarList(archive), "GNU tar reads the archive, the manifest first and every member in order");
        List<String> paused = new ArrayList<>();
        json.get("paused").forEach(service -> paused.add(service.asText()));
        assertEquals(List.of("server", "worker", "beat", "garage"), paused);
        for (Stack.Container container : deployment.stack.containers().values()) {
            assertEquals("running", container.state(), "unpaused after the backup: " + container);
        }
        assertNoSecretPrinted(result, deployment.dir);
    }

    /** The members as {@code tar -tzf} lists them. */
    static List<String> tarList(Path archive) throws Exception {
        Process tar = new ProcessBuilder("tar", "-tzf", archive.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> names = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertEquals(0, tar.waitFor(), "tar -tzf " + archive);
        return names;
    }

    @Test
    @Order(2)
    void downVolumesDestroysTheDeploymentAndItsData() {
        Shell.Result refused = Shell.installer(Map.of(), "down", "--volumes", "--dir", deployment.dir.toString());
        assertEquals(2, refused.exitCode(), refused::toString);
        assertFalse(deployment.stack.volumes().isEmpty(), "nothing destroyed without --yes");

        Shell.Result result =
                Shell.installer(Map.of(), "down", "--volumes", "--yes", "--dir", deployment.dir.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(
                deployment.stack.containers().isEmpty(),
                deployment.stack.containers().toString());
        assertEquals(List.of(), deployment.stack.volumes());
    }

    @Test
    @Order(3)
    void aRestoreIntoANewDirectoryBringsBackTheDataTheKeyAndAHealthyStack() throws Exception {
        restored = deployment.parent.resolve(
                "rse2e-restored-" + UUID.randomUUID().toString().substring(0, 8));
        // Another checkout on "another server": the stand-ins' build directories, no deployment files.
        TestDeployment.standInSources(restored);

        Shell.Result result = Shell.installer(
                Map.of(), "restore", archive.toString(), "--dir", restored.toString(), "--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("restore", json.get("command").asText());
        assertTrue(json.get("restored").get("database").asBoolean());
        assertEquals("ok", json.get("install").get("result").asText(), result.out());
        assertTrue(UpgradeIT.ranVerify(json.get("install")), "the install's functional checks ran after the restore");

        assertEquals(ROW, psql("SELECT title FROM meeting;").strip());
        assertArrayEquals(key, garageKey(restored), "the same Garage key");
        assertArrayEquals(OBJECT, s3(key).getObject("reflector-media", "recordings/one.txt"));
        assertEquals("transcript", exec("server", "cat", "/app/data/one.json").strip());
        assertEquals(
                Files.readString(deployment.dir.resolve("www/.env")), Files.readString(restored.resolve("www/.env")));
        // The installer waited until every service answered; Docker's own healthchecks follow within seconds.
        Map<String, Stack.Container> containers = settledHealth();
        assertEquals(
                List.of("beat", "cpu", "garage", "postgres", "redis", "server", "web", "worker"),
                containers.keySet().stream().sorted().toList());
        for (Stack.Container container : containers.values()) {
            assertEquals("running", container.state(), container.toString());
            assertTrue(List.of("healthy", "none").contains(container.health()), container.toString());
        }
        Shell.Result status = Shell.installer(Map.of(), "status", "--dir", restored.toString(), "--output", "json");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(new ObjectMapper().readTree(status.out()).get("healthy").asBoolean(), status.out());
        assertNoSecretPrinted(result, restored);
    }

    @Test
    @Order(4)
    void logsOfSeveralServicesSinceAMomentAndFollowed() throws Exception {
        Shell.Result json = Shell.installer(
                Map.of(),
                "logs",
                "server",
                "worker",
                "--since",
                "1h",
                "--tail",
                "5",
                "--dir",
                restored.toString(),
                "--output",
                "json");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode document = new ObjectMapper().readTree(json.out());
        assertEquals(2, document.get("containers").size(), json.out());
        for (JsonNode container : document.get("containers")) {
            assertTrue(
                    container.get("lines").size() > 0 && container.get("lines").size() <= 5, container.toString());
        }
        assertNoSecretPrinted(json, restored);

        // --follow runs until stopped: start it, let it print, stop it as Ctrl-C would.
        String jar = System.getProperty("reflector.setup.jar", "target/reflector-setup.jar");
        Path out = Files.createTempFile("follow", ".txt");
        Process follow = new ProcessBuilder(
                        "java",
                        "-jar",
                        jar,
                        "logs",
                        "--follow",
                        "--tail",
                        "3",
                        "server",
                        "web",
                        "--dir",
                        restored.toString())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline
                    && !(Files.readString(out).contains("server | ")
                            && Files.readString(out).contains("web    | "))) {
                Thread.sleep(200);
            }
            assertTrue(follow.isAlive(), "still following: " + Files.readString(out));
        } finally {
            follow.destroy();
            follow.waitFor(10, TimeUnit.SECONDS);
        }
        String followed = Files.readString(out);
        assertTrue(followed.contains("server | ") && followed.contains("web    | "), followed);
        Files.delete(out);
    }

    @Test
    @Order(5)
    void downKeepsTheVolumes() {
        List<String> volumes = deployment.stack.volumes();
        Shell.Result result = Shell.installer(Map.of(), "down", "--dir", restored.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(
                deployment.stack.containers().isEmpty(),
                deployment.stack.containers().toString());
        assertEquals(volumes, deployment.stack.volumes());
        Shell.Result status = Shell.installer(Map.of(), "status", "--dir", restored.toString());
        assertEquals(3, status.exitCode(), status::toString);
    }

    /** The containers once no healthcheck is still "starting" (at most 60 s). */
    static Map<String, Stack.Container> settledHealth() throws InterruptedException {
        return settled(deployment.stack);
    }

    static Map<String, Stack.Container> settled(Stack stack) throws InterruptedException {
        Map<String, Stack.Container> containers = stack.containers();
        for (int second = 0;
                second < 60
                        && containers.values().stream().anyMatch(c -> c.health().equals("starting"));
                second++) {
            Thread.sleep(1000);
            containers = stack.containers();
        }
        return containers;
    }

    static String psql(String sql) {
        return exec("postgres", "psql", "-U", "reflector", "-d", "reflector", "-tA", "-c", sql);
    }

    static String exec(String service, String... command) {
        return exec(deployment.stack, service, command);
    }

    static String exec(Stack stack, String service, String... command) {
        String id = stack.containers().get(service).id();
        List<String> argv = new ArrayList<>(List.of("docker", "exec", id));
        argv.addAll(List.of(command));
        Shell.Result result = Shell.run(Map.of(), 60, argv);
        assertEquals(0, result.exitCode(), result::toString);
        return result.out();
    }

    static String[] garageKey(Path dir) throws Exception {
        EnvFile server = EnvFile.parse(Files.readString(dir.resolve("server/.env")));
        return new String[] {
            server.get("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID").orElseThrow(),
            server.get("TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY").orElseThrow()
        };
    }

    static S3Client s3(String[] key) {
        return new S3Client(
                URI.create("http://127.0.0.1:3900"),
                "garage",
                new SigV4.Credentials(key[0], key[1]),
                new HttpTransport(Duration.ofSeconds(5)),
                Clock.systemUTC(),
                Duration.ofSeconds(10));
    }

    static void assertNoSecretPrinted(Shell.Result result, Path dir) throws Exception {
        String printed = result.out() + result.err();
        for (String file : List.of("server/.env", "www/.env")) {
            EnvFile env = EnvFile.parse(Files.readString(dir.resolve(file)));
            for (String name : List.of("SECRET_KEY", "NEXTAUTH_SECRET", "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY")) {
                env.get(name)
                        .filter(value -> !value.isEmpty())
                        .ifPresent(secret -> assertFalse(printed.contains(secret), "printed " + name));
            }
        }
    }
}
