package reflector.setup.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reflector.setup.http.HttpTransport;
import reflector.setup.s3.FakeS3Server;
import reflector.setup.s3.S3Client;
import reflector.setup.s3.SigV4;

/**
 * A copy between two S3 APIs on 127.0.0.1 (in-process stand-ins that check every signature and
 * Content-MD5, and list in pages of two): every object arrives byte for byte under its key, an
 * interrupted copy continues, a checksum mismatch is caught and leaves no copy behind.
 */
class BucketCopyTest {
    static final SigV4.Credentials OLD_KEY = new SigV4.Credentials("GKold0000000000000000000000", "old-secret");
    static final SigV4.Credentials NEW_KEY = new SigV4.Credentials("AKIANEW000000000", "new-secret");
    static final StorageLocation GARAGE = StorageLocation.GARAGE;

    FakeS3Server garage;
    FakeS3Server external;
    StorageLocation target;
    final Map<String, byte[]> objects = new LinkedHashMap<>();

    @BeforeEach
    void garageWithObjectsAndAnEmptyExternalBucket() throws IOException {
        garage = new FakeS3Server("garage");
        garage.key(OLD_KEY.accessKeyId(), OLD_KEY.secretAccessKey());
        garage.bucket("reflector-media");
        garage.allow(OLD_KEY.accessKeyId(), "reflector-media", "rw");
        external = new FakeS3Server("eu-west-1");
        external.key(NEW_KEY.accessKeyId(), NEW_KEY.secretAccessKey());
        external.bucket("media");
        external.allow(NEW_KEY.accessKeyId(), "media", "rw");
        garage.maxKeys = 2;
        external.maxKeys = 2;
        target = new StorageLocation(Optional.of(external.baseUrl().toString()), "media", "eu-west-1");
        Random random = new Random(7);
        for (String key : List.of(
                "0b1e-transcript/audio.mp3",
                "1c2f-transcript/audio.mp3",
                "empty/audio.mp3",
                "file_pipeline/2d3a/audio.mp3",
                "name with spaces+plus/audio.mp3")) {
            byte[] data = new byte[key.startsWith("empty") ? 0 : key.startsWith("0b1e") ? 3 * 1024 * 1024 + 17 : 4096];
            random.nextBytes(data);
            objects.put(key, data);
            garage.put("reflector-media", key, data);
        }
    }

    @AfterEach
    void stop() {
        garage.close();
        external.close();
    }

    S3Client client(FakeS3Server server, String region, SigV4.Credentials key) {
        return new S3Client(
                server.baseUrl(),
                region,
                key,
                new HttpTransport(Duration.ofSeconds(5)),
                Clock.systemUTC(),
                Duration.ofSeconds(30));
    }

    BucketCopy copy() {
        return new BucketCopy(
                client(garage, "garage", OLD_KEY), GARAGE, client(external, "eu-west-1", NEW_KEY), target, 2);
    }

    static final class Recorded implements BucketCopy.Listener {
        final List<String> copied = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();

        @Override
        public void copied(String name, long size) {
            copied.add(name);
        }

        @Override
        public void skipped(String name, long size) {
            skipped.add(name);
        }
    }

    long puts(FakeS3Server server) {
        return server.requests().stream()
                .filter(request -> request.startsWith("PUT "))
                .count();
    }

    @Test
    void everyObjectArrivesByteForByteUnderItsKeyListedPageByPage() throws Exception {
        Recorded listener = new Recorded();
        BucketCopy.Result result = copy().copy(listener);

        assertEquals(
                new BucketCopy.Result(
                        5,
                        objects.values().stream().mapToLong(data -> data.length).sum(),
                        0,
                        0),
                result);
        assertEquals(List.copyOf(objects.keySet()).stream().sorted().toList(), listener.copied);
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            FakeS3Server.Stored copied = external.object("media", object.getKey());
            assertArrayEquals(object.getValue(), copied.data(), object.getKey());
            assertEquals(
                    garage.object("reflector-media", object.getKey()).etag(),
                    copied.headers().get(BucketCopy.SOURCE_ETAG),
                    "the old ETag recorded on the copy");
        }
        List<String> listings = garage.requests().stream()
                .filter(request -> request.startsWith("GET /reflector-media?"))
                .toList();
        assertEquals(3, listings.size(), "five objects in pages of two: " + listings);
        assertTrue(
                listings.get(0).contains("list-type=2") && !listings.get(0).contains("continuation-token"),
                listings.get(0));
        assertTrue(
                listings.get(1).contains("continuation-token=")
                        && listings.get(2).contains("continuation-token="),
                listings.toString());
        assertEquals(
                new StoredObjects(5, result.copiedBytes()),
                StoredObjects.in(client(external, "eu-west-1", NEW_KEY), target));
    }

    @Test
    void anInterruptedCopyContinuesWhereItStopped() throws Exception {
        external.failingPuts.add("file_pipeline/2d3a/audio.mp3");
        BucketCopy.CopyFailed failure = assertThrows(BucketCopy.CopyFailed.class, () -> copy().copy(new Recorded()));
        assertTrue(
                failure.getMessage()
                        .startsWith("file_pipeline/2d3a/audio.mp3: writing it to bucket media at " + external.baseUrl()
                                + " failed: PUT /media/file_pipeline/2d3a/audio.mp3 answered HTTP 500 InternalError"),
                failure.getMessage());
        assertEquals(3, external.objects("media").size(), "the three objects before it were copied");
        external.failingPuts.clear();
        long putsBefore = puts(external);

        Recorded listener = new Recorded();
        BucketCopy.Result result = copy().copy(listener);

        assertEquals(
                List.of("0b1e-transcript/audio.mp3", "1c2f-transcript/audio.mp3", "empty/audio.mp3"), listener.skipped);
        assertEquals(List.of("file_pipeline/2d3a/audio.mp3", "name with spaces+plus/audio.mp3"), listener.copied);
        assertEquals(2, puts(external) - putsBefore, "only what was missing was written");
        assertEquals(3, result.skipped());
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            assertArrayEquals(
                    object.getValue(), external.object("media", object.getKey()).data(), object.getKey());
        }
        Recorded again = new Recorded();
        copy().copy(again);
        assertEquals(5, again.skipped.size(), "a third run copies nothing");
        assertEquals(List.of(), again.copied);
    }

    @Test
    void anObjectThatDiffersAtTheSameKeyAndSizeIsCopiedAgain() throws Exception {
        copy().copy(new Recorded());
        byte[] changed = objects.get("1c2f-transcript/audio.mp3").clone();
        changed[0] ^= 1;
        external.put("media", "1c2f-transcript/audio.mp3", changed); // same size, another writer, no recorded ETag

        Recorded listener = new Recorded();
        copy().copy(listener);
        assertEquals(List.of("1c2f-transcript/audio.mp3"), listener.copied);
        assertArrayEquals(
                objects.get("1c2f-transcript/audio.mp3"),
                external.object("media", "1c2f-transcript/audio.mp3").data());
    }

    @Test
    void bytesThatDoNotMatchTheOldChecksumAreRefusedAndLeaveNoCopy() {
        byte[] corrupt = new byte[4096];
        garage.corruptReads = corrupt; // every GET answers other bytes, with the stored object's ETag
        BucketCopy.CopyFailed failure = assertThrows(BucketCopy.CopyFailed.class, () -> copy().copy(new Recorded()));

        assertTrue(failure.getMessage().contains("checksum mismatch"), failure.getMessage());
        assertTrue(failure.getMessage().startsWith("0b1e-transcript/audio.mp3: "), failure.getMessage());
        assertEquals(List.of(), List.copyOf(external.objects("media")), "nothing was stored");
    }

    @Test
    void whereTheNewStoresEtagIsNoMd5TheCopyIsReadBack() throws Exception {
        external.encryptedLikeKms = true;
        copy().copy(new Recorded());
        assertTrue(
                external.requests().stream().anyMatch(request -> request.equals("GET /media/empty/audio.mp3")),
                "read back: " + external.requests());
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            assertArrayEquals(
                    object.getValue(), external.object("media", object.getKey()).data(), object.getKey());
        }
        Recorded again = new Recorded();
        copy().copy(again);
        assertEquals(5, again.skipped.size(), "the recorded old ETag tells the copies apart from changed objects");
    }

    @Test
    void aCopyThatReadsBackOtherBytesIsDeletedAndStopsTheCopy() {
        external.encryptedLikeKms = true;
        external.corruptReads = "not what was sent".getBytes(StandardCharsets.UTF_8);
        BucketCopy.CopyFailed failure = assertThrows(BucketCopy.CopyFailed.class, () -> copy().copy(new Recorded()));
        assertTrue(
                failure.getMessage()
                        .startsWith("0b1e-transcript/audio.mp3: checksum mismatch: the copy read back from "),
                failure.getMessage());
        assertNull(external.object("media", "0b1e-transcript/audio.mp3"), "the bad copy was deleted");
    }

    @Test
    void foldersMapTheSameNamesUnderAnotherPrefix() throws Exception {
        StorageLocation folder = new StorageLocation(target.endpointUrl(), "media/reflector", "eu-west-1");
        external.put("media", "reflector/", new byte[0]); // a folder marker, as consoles make them
        new BucketCopy(client(garage, "garage", OLD_KEY), GARAGE, client(external, "eu-west-1", NEW_KEY), folder, 2)
                .copy(new Recorded());
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            assertArrayEquals(
                    object.getValue(),
                    external.object("media", "reflector/" + object.getKey()).data());
        }
        assertEquals(
                new StoredObjects(
                        5,
                        objects.values().stream().mapToLong(data -> data.length).sum()),
                StoredObjects.in(client(external, "eu-west-1", NEW_KEY), folder),
                "the marker is not one of them");
    }

    @Test
    void nestedLocationsAreRefused() {
        StorageLocation folder = new StorageLocation(GARAGE.endpointUrl(), "reflector-media/archive", "garage");
        assertTrue(BucketCopy.nested(GARAGE, folder));
        assertTrue(BucketCopy.nested(folder, GARAGE));
        assertThrows(
                IllegalArgumentException.class,
                () -> new BucketCopy(
                        client(garage, "garage", OLD_KEY), GARAGE, client(garage, "garage", OLD_KEY), folder, 2));
        assertTrue(!BucketCopy.nested(GARAGE, target));
    }
}
