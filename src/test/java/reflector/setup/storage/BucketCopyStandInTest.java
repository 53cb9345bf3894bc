package reflector.setup.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.garage.GarageAdminClient;
import reflector.setup.garage.GarageProvisioner;
import reflector.setup.http.HttpTransport;
import reflector.setup.s3.S3Client;
import reflector.setup.s3.SigV4;
import reflector.setup.support.PythonStandIn;

/**
 * A copy between two of testenv/'s Garage stand-ins (the ones the end-to-end tests deploy), run
 * as local processes on free ports: their own SigV4 checks (every x-amz-* header signed,
 * UNSIGNED-PAYLOAD), Content-MD5, ETags and continuation tokens (pages of five here).
 */
class BucketCopyStandInTest {
    static final HttpTransport HTTP = new HttpTransport(Duration.ofSeconds(5));

    @TempDir
    Path dir;

    @BeforeAll
    static void needsPython() {
        assumeTrue(PythonStandIn.pythonAvailable(), "python3 (3.11+) and testenv/ are needed");
    }

    record Garage(PythonStandIn process, S3Client s3) implements AutoCloseable {
        @Override
        public void close() {
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    Garage garage(String name, String bucket) throws Exception {
        int s3 = PythonStandIn.freePort();
        int admin = PythonStandIn.freePort();
        int rpc = PythonStandIn.freePort();
        Path home = Files.createDirectories(dir.resolve(name));
        Path toml = Files.writeString(
                home.resolve("garage.toml"),
                String.join(
                        "\n",
                        "metadata_dir = \"" + home.resolve("meta") + "\"",
                        "data_dir = \"" + home.resolve("data") + "\"",
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
        PythonStandIn process = PythonStandIn.command(
                List.of(PythonStandIn.TESTENV.resolve("garage/garage.py").toString(), "-c", toml.toString(), "server"),
                s3,
                admin);
        GarageProvisioner.Result key = new GarageProvisioner(new GarageAdminClient(
                        URI.create("http://127.0.0.1:" + admin), "test-admin-token", HTTP, Duration.ofSeconds(10)))
                .ensure(bucket, "reflector", "dc1", 1_000_000_000L);
        return new Garage(
                process,
                new S3Client(
                        URI.create("http://127.0.0.1:" + s3),
                        "garage",
                        new SigV4.Credentials(key.accessKeyId(), key.secretAccessKey()),
                        HTTP,
                        Clock.systemUTC(),
                        Duration.ofSeconds(30)));
    }

    @Test
    void everyObjectOfOneGarageArrivesInAnotherAndASecondRunCopiesNothing() throws Exception {
        try (Garage from = garage("old", "reflector-media");
                Garage to = garage("new", "media")) {
            Map<String, byte[]> objects = new LinkedHashMap<>();
            Random random = new Random(3);
            for (int i = 0; i < 13; i++) { // three listing pages
                byte[] data = new byte[i == 0 ? 2 * 1024 * 1024 : i % 7];
                random.nextBytes(data);
                String key = String.format("%04x-%s/audio.mp3", i, i % 2 == 0 ? "plain" : "with space+plus");
                objects.put(key, data);
                from.s3().putObject("reflector-media", key, data);
            }
            StorageLocation source = StorageLocation.GARAGE;
            StorageLocation target = new StorageLocation(Optional.of("http://another-garage:3900"), "media", "garage");
            BucketCopy copy = new BucketCopy(from.s3(), source, to.s3(), target, 5);

            BucketCopy.Result result = copy.copy(new BucketCopy.Listener() {});
            assertEquals(13, result.copied());
            for (Map.Entry<String, byte[]> object : objects.entrySet()) {
                assertArrayEquals(object.getValue(), to.s3().getObject("media", object.getKey()), object.getKey());
            }
            assertEquals(StoredObjects.in(from.s3(), source), StoredObjects.in(to.s3(), target));

            List<String> copiedAgain = new ArrayList<>();
            BucketCopy.Result again = copy.copy(new BucketCopy.Listener() {
                @Override
                public void copied(String name, long size) {
                    copiedAgain.add(name);
                }
            });
            assertEquals(List.of(), copiedAgain);
            assertEquals(13, again.skipped());
        }
    }
}
