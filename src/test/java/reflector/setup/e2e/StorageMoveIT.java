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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reflector.setup.envfile.EnvFile;
import reflector.setup.garage.GarageAdminClient;
import reflector.setup.garage.GarageProvisioner;
import reflector.setup.http.HttpTransport;
import reflector.setup.s3.S3Client;
import reflector.setup.s3.SigV4;
import reflector.setup.storage.StorageLocation;
import reflector.setup.storage.StoredObjects;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.PythonStandIn;

/**
 * A deployment on Garage holding recordings (uploaded through Garage's S3 API) that transcript
 * rows in its database refer to, moved to external S3 and back. The external S3 is a SECOND Garage
 * stand-in in a Compose project of its own, reached as another machine would reach it: at the
 * host port this test published (127.0.0.1:PORT), in its own region, with its own key; never by
 * the first deployment's internal name. The backend, frontend, model server and both Garages are
 * STAND-INS written to their documented interfaces (testenv/); PostgreSQL is real.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageMoveIT {
    static final List<String> INSTALL = List.of(
            "--cpu",
            "--public-ip",
            "192.0.2.10",
            "--non-interactive",
            "--ignore-preflight",
            "memory,disk",
            "--pull",
            "missing");
    static final String EXTERNAL_REGION = "eu-west-1";
    static final String EXTERNAL_BUCKET = "meetings";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpTransport HTTP = new HttpTransport(Duration.ofSeconds(5));

    static TestDeployment deployment;
    static Path externalDir;
    static Stack external;
    static int externalPort;
    static String[] externalKey;
    /** The recordings by transcript id, as the rows refer to them ({@code <id>/audio.mp3}). */
    static final Map<String, byte[]> recordings = new LinkedHashMap<>();

    @BeforeAll
    static void aGarageDeploymentWithRecordingsAndAnExternalS3() throws Exception {
        deployment = TestDeployment.checkout("storage");
        Shell.Result installed = install("--garage");
        assertEquals(0, installed.exitCode(), installed::toString);

        psql("CREATE TABLE transcript (id varchar PRIMARY KEY, audio_location varchar NOT NULL " + "DEFAULT 'local');");
        S3Client garage = BackupRestoreIT.s3(BackupRestoreIT.garageKey(deployment.dir));
        Random random = new Random(11);
        for (int size : new int[] {5 * 1024 * 1024 + 3, 70_000, 1}) {
            String id = UUID.randomUUID().toString();
            byte[] audio = new byte[size];
            random.nextBytes(audio);
            recordings.put(id, audio);
            garage.putObject("reflector-media", id + "/audio.mp3", audio);
            psql("INSERT INTO transcript (id, audio_location) VALUES ('" + id + "', 'storage');");
        }
        garage.putObject("reflector-media", "file_pipeline/" + UUID.randomUUID() + "/audio.mp3", new byte[] {1, 2, 3});

        startExternalS3();
    }

    /** A second Garage stand-in in its own Compose project, published on a free port of 127.0.0.1, with bucket and key. */
    static void startExternalS3() throws Exception {
        externalDir = Files.createTempDirectory("reflector-e2e-external-s3");
        String project = "rse2e-externals3-" + UUID.randomUUID().toString().substring(0, 8);
        external = new Stack(project);
        externalPort = PythonStandIn.freePort();
        int adminPort = PythonStandIn.freePort();
        Path toml = externalDir.resolve("garage.toml");
        Files.writeString(
                toml,
                String.join(
                        "\n",
                        "metadata_dir = \"/var/lib/garage/meta\"",
                        "data_dir = \"/var/lib/garage/data\"",
                        "db_engine = \"sqlite\"",
                        "replication_factor = 1",
                        "rpc_bind_addr = \"[::]:3901\"",
                        "rpc_secret = \"" + "cd".repeat(32) + "\"",
                        "",
                        "[s3_api]",
                        "s3_region = \"" + EXTERNAL_REGION + "\"",
                        "api_bind_addr = \"[::]:3900\"",
                        "",
                        "[admin]",
                        "api_bind_addr = \"[::]:3903\"",
                        "admin_token = \"external-admin-token\"",
                        ""));
        Files.setPosixFilePermissions(toml, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(
                externalDir.resolve("compose.yml"),
                String.join(
                        "\n",
                        "services:",
                        "  s3:",
                        "    image: dxflrs/garage:v1.1.0",
                        "    ports:",
                        "      - \"127.0.0.1:" + externalPort + ":3900\"",
                        "      - \"127.0.0.1:" + adminPort + ":3903\"",
                        "    volumes:",
                        "      - ./garage.toml:/etc/garage.toml:ro",
                        "      - data:/var/lib/garage/data",
                        "      - meta:/var/lib/garage/meta",
                        "volumes:",
                        "  data:",
                        "  meta:",
                        ""));
        Shell.Result up = Shell.run(
                Map.of(),
                180,
                List.of(
                        "docker",
                        "compose",
                        "-p",
                        project,
                        "-f",
                        externalDir.resolve("compose.yml").toString(),
                        "up",
                        "-d"));
        assertEquals(0, up.exitCode(), up::toString);
        GarageAdminClient admin = new GarageAdminClient(
                URI.create("http://127.0.0.1:" + adminPort), "external-admin-token", HTTP, Duration.ofSeconds(10));
        for (int i = 0; i < 60 && !admin.adminApiAnswers(); i++) {
            Thread.sleep(500);
        }
        GarageProvisioner.Result key =
                new GarageProvisioner(admin).ensure(EXTERNAL_BUCKET, "reflector-app", "dc1", 1_000_000_000L);
        externalKey = new String[] {key.accessKeyId(), key.secretAccessKey()};
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            if (external != null) {
                external.tearDown();
            }
        } finally {
            if (externalDir != null) {
                try (var paths = Files.walk(externalDir)) {
                    paths.sorted(Comparator.reverseOrder())
                            .forEach(path -> path.toFile().delete());
                }
            }
            if (deployment != null) {
                deployment.remove();
            }
        }
    }

    static Shell.Result install(String... extra) {
        List<String> args = new ArrayList<>(INSTALL);
        args.addAll(List.of(extra));
        args.addAll(List.of("--dir", deployment.dir.toString()));
        return Shell.installer(Map.of(), args.toArray(String[]::new));
    }

    /** The external S3 as the installer is told of it: its published port, region, bucket and key. */
    static String[] toExternal() {
        return new String[] {
            "--s3-endpoint",
            "http://127.0.0.1:" + externalPort,
            "--s3-region",
            EXTERNAL_REGION,
            "--s3-bucket",
            EXTERNAL_BUCKET,
            "--s3-access-key-id",
            externalKey[0],
            "--s3-secret-access-key",
            externalKey[1]
        };
    }

    static S3Client externalS3() {
        return new S3Client(
                URI.create("http://127.0.0.1:" + externalPort),
                EXTERNAL_REGION,
                new SigV4.Credentials(externalKey[0], externalKey[1]),
                HTTP,
                Clock.systemUTC(),
                Duration.ofSeconds(30));
    }

    static String psql(String sql) {
        return BackupRestoreIT.exec(
                deployment.stack, "postgres", "psql", "-U", "reflector", "-d", "reflector", "-tA", "-c", sql);
    }

    static List<String> transcriptsInStorage() {
        return psql("SELECT id FROM transcript WHERE audio_location = 'storage' ORDER BY id;")
                .lines()
                .filter(line -> !line.isBlank())
                .toList();
    }

    static EnvFile serverEnv() throws Exception {
        return EnvFile.parse(Files.readString(deployment.dir.resolve("server/.env")));
    }

    static List<String> notes(JsonNode json, String step) {
        List<String> notes = new ArrayList<>();
        for (JsonNode record : json.get("steps")) {
            if (record.get("name").asText().equals(step)) {
                record.path("notes").forEach(note -> notes.add(note.asText()));
            }
        }
        return notes;
    }

    @Test
    @Order(1)
    void aMoveWithoutMoveStorageIsRefusedWithExitTwoAndChangesNothing() throws Exception {
        DirectorySnapshot before = DirectorySnapshot.of(deployment.dir);
        Map<String, String> containers = deployment.stack.ids();

        Shell.Result refused = install(toExternal());

        assertEquals(2, refused.exitCode(), refused::toString);
        List<String> errors = refused.err()
                .lines()
                .filter(line -> line.contains("--move-storage"))
                .toList();
        assertEquals(1, errors.size(), refused.err());
        assertTrue(
                errors.get(0)
                                .contains("from Garage (bucket reflector-media) to bucket meetings at http://127.0.0.1:"
                                        + externalPort + ", and 4 objects (")
                        && errors.get(0)
                                .contains("would stay behind: give --move-storage "
                                        + "copy (copy them to the new bucket, same keys) or --move-storage leave"),
                errors.get(0));
        assertEquals(before, DirectorySnapshot.of(deployment.dir), "nothing on disk changed");
        assertEquals(containers, deployment.stack.ids(), "no container was touched");
        assertTrue(psql("SELECT count(*) FROM transcript;").strip().equals("3"));
        assertEquals(0, externalObjectCount());
    }

    @Test
    @Order(2)
    void aDryRunSaysWhatWouldBeCopiedAndChangesNothing() throws Exception {
        DirectorySnapshot before = DirectorySnapshot.of(deployment.dir);
        List<String> args = new ArrayList<>(List.of(toExternal()));
        args.addAll(List.of("--move-storage", "copy", "--dry-run"));
        Shell.Result planned = install(args.toArray(String[]::new));
        assertEquals(0, planned.exitCode(), planned::toString);
        assertTrue(
                planned.out().contains("copy 4 objects (")
                        && planned.out()
                                .contains(" in Garage (bucket reflector-media) "
                                        + "to bucket meetings at http://127.0.0.1:" + externalPort
                                        + " through the S3 APIs"),
                planned.out());
        assertEquals(before, DirectorySnapshot.of(deployment.dir));
        assertEquals(0, externalObjectCount());
    }

    @Test
    @Order(3)
    void copyMovesEveryRecordingByteForByteAndTheRowsKeysStillFindThem() throws Exception {
        List<String> args = new ArrayList<>(List.of(toExternal()));
        args.addAll(List.of("--move-storage", "copy", "--output", "json"));
        Shell.Result moved = install(args.toArray(String[]::new));
        assertEquals(0, moved.exitCode(), moved::toString);
        JsonNode json = JSON.readTree(moved.out());
        assertEquals("ok", json.get("result").asText());
        assertTrue(
                json.get("storageMove")
                        .asText()
                        .startsWith("from Garage (bucket reflector-media) to bucket meetings at " + "http://127.0.0.1:"
                                + externalPort + ": copied 4 objects ("),
                json.get("storageMove").asText());

        // The rows did not change, and every key they derive reads the same bytes from the new storage.
        assertEquals(recordings.keySet().stream().sorted().toList(), transcriptsInStorage());
        S3Client moved3 = externalS3();
        for (String id : transcriptsInStorage()) {
            assertArrayEquals(recordings.get(id), moved3.getObject(EXTERNAL_BUCKET, id + "/audio.mp3"), id);
        }
        assertEquals(4, externalObjectCount());

        EnvFile server = serverEnv();
        assertEquals(
                "http://127.0.0.1:" + externalPort,
                server.get("TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL").orElseThrow());
        assertEquals(
                EXTERNAL_BUCKET,
                server.get("TRANSCRIPT_STORAGE_AWS_BUCKET_NAME").orElseThrow());
        assertEquals(
                EXTERNAL_REGION, server.get("TRANSCRIPT_STORAGE_AWS_REGION").orElseThrow());
        assertEquals(
                externalKey[0],
                server.get("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID").orElseThrow());

        assertTrue(UpgradeIT.ranVerify(json), "the verify step ran");
        assertTrue(
                notes(json, "verify")
                        .contains("storage: wrote, read and deleted an object in meetings at http://127.0.0.1:"
                                + externalPort + "/meetings (as the backend addresses it)"),
                notes(json, "verify").toString());
        BackupRestoreIT.assertNoSecretPrinted(moved, deployment.dir);

        Shell.Result again = install(toExternal());
        assertEquals(0, again.exitCode(), again::toString);
        assertFalse(again.err().contains("--move-storage"), "a re-run moves nothing: " + again.err());
    }

    @Test
    @Order(4)
    void backToGarageWithItsKeptVolumeCopiesWhatIsNewAndVerifiesGarage() throws Exception {
        // What leaving Garage does (its container removed, its volumes kept), whoever does it.
        String garageContainer = deployment.stack.containers().containsKey("garage")
                ? deployment.stack.containers().get("garage").id()
                : null;
        if (garageContainer != null) {
            Shell.Result removed = Shell.run("docker", "rm", "-f", garageContainer);
            assertEquals(0, removed.exitCode(), removed::toString);
        }
        assertTrue(
                deployment.stack.volumes().stream().anyMatch(volume -> volume.endsWith("_garage_data")),
                deployment.stack.volumes().toString());
        // A recording made while the deployment was on the external storage.
        String id = UUID.randomUUID().toString();
        byte[] audio = "recorded while on external S3".getBytes(StandardCharsets.UTF_8);
        externalS3().putObject(EXTERNAL_BUCKET, id + "/audio.mp3", audio);
        psql("INSERT INTO transcript (id, audio_location) VALUES ('" + id + "', 'storage');");
        recordings.put(id, audio);

        Shell.Result back = install("--garage", "--move-storage", "copy", "--output", "json");
        assertEquals(0, back.exitCode(), back::toString);
        JsonNode json = JSON.readTree(back.out());
        assertTrue(
                json.get("storageMove")
                        .asText()
                        .startsWith("from bucket meetings at http://127.0.0.1:" + externalPort
                                + " to Garage (bucket reflector-media): copied 1 object ("),
                json.get("storageMove").asText());
        assertTrue(
                json.get("storageMove").asText().contains("; already there: 4 objects ("),
                "the recordings Garage kept in its volume: "
                        + json.get("storageMove").asText());

        EnvFile server = serverEnv();
        assertEquals(
                "http://garage:3900",
                server.get("TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL").orElseThrow());
        assertEquals(
                "reflector-media",
                server.get("TRANSCRIPT_STORAGE_AWS_BUCKET_NAME").orElseThrow());
        S3Client garage = BackupRestoreIT.s3(BackupRestoreIT.garageKey(deployment.dir));
        for (String transcript : transcriptsInStorage()) {
            assertArrayEquals(
                    recordings.get(transcript),
                    garage.getObject("reflector-media", transcript + "/audio.mp3"),
                    transcript);
        }
        assertTrue(
                notes(json, "verify").contains("storage: wrote, read and deleted an object in reflector-media"),
                notes(json, "verify").toString());
        Shell.Result status = Shell.installer(Map.of(), "status", "--dir", deployment.dir.toString());
        assertEquals(0, status.exitCode(), status::toString);
    }

    static int externalObjectCount() throws Exception {
        return (int) StoredObjects.in(
                        externalS3(),
                        new StorageLocation(
                                Optional.of("http://127.0.0.1:" + externalPort), EXTERNAL_BUCKET, EXTERNAL_REGION))
                .count();
    }
}
