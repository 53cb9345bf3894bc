package reflector.setup.steps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.MoveStorage;
import reflector.setup.config.S3Settings;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.PublishedPort;
import reflector.setup.files.Workspace;
import reflector.setup.output.Console;
import reflector.setup.output.Verbosity;
import reflector.setup.s3.FakeS3Server;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.storage.BucketCopy;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.EnvFiles;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.SettingsBuilder;

/**
 * A deployment on Garage (an S3 stand-in where the compose file publishes Garage's port, holding
 * three objects) re-run without --garage, with an external S3 stand-in's values: the move is found
 * before anything is written and refused, left or copied as --move-storage says.
 */
class StorageMoveTest {
    static final String GARAGE_KEY = "GK31c2f218a2e44f485b94239e";
    static final String GARAGE_SECRET = "b892c0665f0ada8a4755dae98baa3b133590e11dae3bcc1f9d769d67f16c3835";
    static final String S3_KEY = "AKIAEXTERNAL0001";
    static final String S3_SECRET = "an external secret";

    @TempDir
    Path dir;

    final FakeDocker docker = new FakeDocker();
    final StringWriter err = new StringWriter();
    FakeS3Server garage;
    FakeS3Server external;

    @BeforeEach
    void aGarageDeploymentWithObjects() throws IOException {
        garage = new FakeS3Server("garage");
        garage.key(GARAGE_KEY, GARAGE_SECRET);
        garage.bucket("reflector-media");
        garage.allow(GARAGE_KEY, "reflector-media", "rw");
        for (String id : List.of("0b1e", "1c2f", "2d3a")) {
            garage.put(
                    "reflector-media", id + "/audio.mp3", ("the recording of " + id).getBytes(StandardCharsets.UTF_8));
        }
        external = new FakeS3Server("eu-west-1");
        external.key(S3_KEY, S3_SECRET);
        external.bucket("media");
        external.allow(S3_KEY, "media", "rw");
        Files.writeString(dir.resolve(DeploymentFiles.COMPOSE_FILE), "services: {}\n");
        docker.publishedPorts = Map.of("garage", List.of(new PublishedPort("127.0.0.1", garage.port(), 3900, "tcp")));
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(
                dir.resolve(DeploymentFiles.SERVER_ENV),
                String.join(
                                "\n",
                                "TRANSCRIPT_STORAGE_BACKEND=aws",
                                "TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL=http://garage:3900",
                                "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME=reflector-media",
                                "TRANSCRIPT_STORAGE_AWS_REGION=garage",
                                "TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID=" + GARAGE_KEY,
                                "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY=" + GARAGE_SECRET,
                                "")
                        + "\n");
    }

    @AfterEach
    void stop() {
        garage.close();
        external.close();
    }

    S3Settings externalValues() {
        return new S3Settings(
                Optional.of(S3_KEY),
                Optional.of(S3_SECRET),
                Optional.of("media"),
                Optional.of("eu-west-1"),
                Optional.of(external.baseUrl().toString()));
    }

    SettingsBuilder toExternal() {
        return SettingsBuilder.cpu(dir).s3(externalValues());
    }

    StepContext context(Settings settings) {
        return new StepContext(
                settings,
                new Workspace(dir, settings.run().dryRun()),
                new Console(new PrintWriter(err, true), Verbosity.NORMAL, false),
                () -> docker,
                new SecureRandom(),
                Clock.systemUTC(),
                new RunReport(),
                SecretMasker.empty());
    }

    /** The two steps as the runner runs them: each one's files are written only once it succeeded. */
    StepContext run(Settings settings) throws Exception {
        StepContext context = context(settings);
        for (Step step : List.of(new StorageMoveStep(), new StorageStep())) {
            context.begin(context.report().start(step.name()));
            step.run(context);
            context.flushFiles();
        }
        return context;
    }

    String server(String key) {
        return EnvFiles.value(dir.resolve(DeploymentFiles.SERVER_ENV), key);
    }

    @Test
    void aMoveWithoutTheOptionIsRefusedWithTheCountsAndBothChoicesBeforeAnythingIsWritten() {
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        InstallerException refused =
                assertThrows(InstallerException.class, () -> run(toExternal().build()));

        assertEquals(ExitCode.BAD_INPUT, refused.exitCode());
        assertEquals(
                "this run moves the storage from Garage (bucket reflector-media) to bucket media at "
                        + external.baseUrl()
                        + ", and 3 objects (63 B) in Garage (bucket reflector-media) would stay behind: give "
                        + "--move-storage copy (copy them to the new bucket, same keys) or --move-storage leave (leave them where "
                        + "they are)",
                refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), "one line");
        assertEquals(before, DirectorySnapshot.of(dir));
        assertEquals(List.of(), external.requests(), "the new storage was not touched");
        assertTrue(
                garage.requests().stream()
                        .allMatch(request ->
                                request.startsWith("GET /reflector-media?") && request.contains("list-type=2")),
                "only listed: " + garage.requests());
    }

    @Test
    void aDryRunSaysWhatWouldBeCopiedAndChangesNothing() throws Exception {
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        StepContext warned = run(toExternal().dryRun().build());
        assertTrue(
                warned.report()
                        .warnings()
                        .get(0)
                        .startsWith("a real run stops here (exit 2): this run moves the storage"),
                warned.report().warnings().toString());

        StepContext planned =
                run(toExternal().dryRun().moveStorage(MoveStorage.copy).build());
        assertEquals(
                List.of("copy 3 objects (63 B) in Garage (bucket reflector-media) to bucket media at "
                        + external.baseUrl()
                        + " through the S3 APIs, under the same keys (objects already there with the same size and checksum are "
                        + "skipped)"),
                planned.report().steps().get(0).plannedActions());
        assertEquals(
                Optional.of("from Garage (bucket reflector-media) to bucket media at " + external.baseUrl()
                        + ": would copy 3 objects (63 B) in Garage (bucket reflector-media)"),
                planned.report().storageMove());
        assertEquals(before, DirectorySnapshot.of(dir));
        assertEquals(List.of(), List.copyOf(external.objects("media")));
    }

    @Test
    void leaveGoesOnAndSaysWhatStaysBehind() throws Exception {
        StepContext context = run(toExternal().moveStorage(MoveStorage.leave).build());
        assertEquals(
                List.of("3 objects (63 B) in Garage (bucket reflector-media) stay behind (--move-storage leave): the "
                        + "backend uses bucket media at " + external.baseUrl()
                        + " from now on; Garage's volumes keep them"),
                context.report().warnings());
        assertEquals(external.baseUrl().toString(), server("TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL"));
        assertEquals(List.of(), List.copyOf(external.objects("media")));
    }

    @Test
    void copyCopiesEveryObjectUnderItsKeyBeforeServerEnvNamesTheNewStorage() throws Exception {
        StepContext context = run(toExternal().moveStorage(MoveStorage.copy).build());

        for (String id : List.of("0b1e", "1c2f", "2d3a")) {
            assertArrayEquals(
                    garage.object("reflector-media", id + "/audio.mp3").data(),
                    external.object("media", id + "/audio.mp3").data(),
                    id);
        }
        assertEquals(3, external.objects("media").size(), "the check object was deleted");
        assertEquals(external.baseUrl().toString(), server("TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL"));
        assertEquals("media", server("TRANSCRIPT_STORAGE_AWS_BUCKET_NAME"));
        assertEquals("eu-west-1", server("TRANSCRIPT_STORAGE_AWS_REGION"));
        assertEquals(S3_KEY, server("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID"));
        assertTrue(
                context.report()
                        .steps()
                        .get(1)
                        .changes()
                        .contains("copy 3 objects (63 B) from Garage (bucket " + "reflector-media) to bucket media at "
                                + external.baseUrl() + ", each verified by size and checksum"),
                context.report().steps().get(1).changes().toString());
        assertEquals(3, garage.objects("reflector-media").size(), "the old objects stay");

        StepContext again = run(toExternal().moveStorage(MoveStorage.copy).build());
        assertTrue(
                again.report()
                        .steps()
                        .get(0)
                        .notes()
                        .get(0)
                        .startsWith("--move-storage copy: this run does not move " + "the storage"),
                again.report().steps().get(0).notes().toString());
    }

    @Test
    void aCopyThatStopsLeavesServerEnvOnTheOldStorageAndTheSameCommandContinues() throws Exception {
        external.failingPuts.add("1c2f/audio.mp3");
        String envBefore = Files.readString(dir.resolve(DeploymentFiles.SERVER_ENV));
        ServiceFailure stopped = assertThrows(
                ServiceFailure.class,
                () -> run(toExternal().moveStorage(MoveStorage.copy).build()));
        assertEquals(ExitCode.SERVICE_FAILED, stopped.exitCode());
        assertTrue(
                stopped.getMessage().contains("1c2f/audio.mp3: writing it to bucket media at ")
                        && stopped.getMessage()
                                .endsWith("server/.env still names the old storage; the objects copied so far stay, "
                                        + "and the same command continues the copy"),
                stopped.getMessage());
        assertEquals(envBefore, Files.readString(dir.resolve(DeploymentFiles.SERVER_ENV)));
        assertEquals(List.of("0b1e/audio.mp3"), List.copyOf(external.objects("media")));

        external.failingPuts.clear();
        StepContext context = run(toExternal().moveStorage(MoveStorage.copy).build());
        assertEquals(3, external.objects("media").size());
        assertTrue(
                context.report().steps().get(1).changes().stream()
                        .anyMatch(change -> change.startsWith("copy 2 objects (42 B)")
                                && change.endsWith("; already there: 1 object (21 B)")),
                context.report().steps().get(1).changes().toString());
    }

    @Test
    void anotherBucketOfTheSameStoreIsAMoveAndANewRegionOrKeyIsNot() throws Exception {
        external.bucket("archive");
        external.allow(S3_KEY, "archive", "rw");
        external.put("media", "0b1e/audio.mp3", "on external storage".getBytes(StandardCharsets.UTF_8));
        run(toExternal().moveStorage(MoveStorage.leave).build()); // now on external bucket media

        StepContext sameObjects = run(SettingsBuilder.cpu(dir)
                .s3(new S3Settings(
                        Optional.of("AKIAROTATEDKEY01"),
                        Optional.of("a rotated secret"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))
                .build());
        assertEquals(List.of(), sameObjects.report().warnings(), "a rotated key is no move");
        external.key("AKIAROTATEDKEY01", "a rotated secret");
        external.allow("AKIAROTATEDKEY01", "media", "rw");
        external.allow("AKIAROTATEDKEY01", "archive", "rw");

        SettingsBuilder toArchive = SettingsBuilder.cpu(dir)
                .s3(new S3Settings(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("archive"),
                        Optional.empty(),
                        Optional.empty()));
        InstallerException refused = assertThrows(InstallerException.class, () -> run(toArchive.build()));
        assertTrue(
                refused.getMessage()
                        .startsWith("this run moves the storage from bucket media at " + external.baseUrl()
                                + " to bucket archive at " + external.baseUrl()
                                + ", and 1 object (19 B) in bucket media"),
                refused.getMessage());
        run(toArchive.moveStorage(MoveStorage.copy).build());
        assertArrayEquals(
                "on external storage".getBytes(StandardCharsets.UTF_8),
                external.object("archive", "0b1e/audio.mp3").data());
        assertEquals("archive", server("TRANSCRIPT_STORAGE_AWS_BUCKET_NAME"));
    }

    @Test
    void leavingGarageOutNeedsEveryExternalValueGarageOnesAreNotCarriedOver() throws Exception {
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        InstallerException refused = assertThrows(
                InstallerException.class,
                () -> run(SettingsBuilder.cpu(dir)
                        .s3(new S3Settings(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of("media"),
                                Optional.empty(),
                                Optional.empty()))
                        .moveStorage(MoveStorage.leave)
                        .build()));
        assertEquals(ExitCode.BAD_INPUT, refused.exitCode());
        assertEquals(
                "external S3 storage needs --s3-access-key-id, --s3-secret-access-key, --s3-region (server/.env holds "
                        + "Garage's values, which are not your external storage's); or use --garage",
                refused.getMessage());
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void aMoveToAwsWithoutEndpointRemovesGaragesEndpoint() throws Exception {
        run(SettingsBuilder.cpu(dir)
                .s3(new S3Settings(
                        Optional.of(S3_KEY),
                        Optional.of(S3_SECRET),
                        Optional.of("media"),
                        Optional.of("eu-west-1"),
                        Optional.empty()))
                .moveStorage(MoveStorage.leave)
                .build());
        assertFalse(
                EnvFiles.read(dir.resolve(DeploymentFiles.SERVER_ENV)).has("TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL"),
                "no endpoint: AWS itself, as the backend reads it");
    }

    @Test
    void anEmptyOldStorageIsNoReasonToRefuse() throws Exception {
        garage.bucket("reflector-media");
        garage.allow(GARAGE_KEY, "reflector-media", "rw");
        StepContext context = run(toExternal().build());
        assertTrue(
                context.report()
                        .steps()
                        .get(0)
                        .notes()
                        .get(0)
                        .endsWith("Garage (bucket reflector-media) holds no objects, " + "so nothing stays behind"),
                context.report().steps().get(0).notes().toString());
    }

    @Test
    void copyNeedsTheOldStorageToAnswer() {
        garage.close();
        InstallerException refused = assertThrows(
                InstallerException.class,
                () -> run(toExternal().moveStorage(MoveStorage.copy).build()));
        assertEquals(ExitCode.ENVIRONMENT, refused.exitCode());
        assertTrue(
                refused.getMessage()
                        .startsWith("the objects cannot be copied from Garage (bucket reflector-media) to bucket "
                                + "media at " + external.baseUrl()
                                + ": an unknown number of objects (listing them failed: "),
                refused.getMessage());
        assertTrue(
                refused.getMessage()
                        .endsWith(
                                "; Garage must run (start the deployment as it is), or give --move-storage " + "leave"),
                refused.getMessage());
    }

    @Test
    void theSourceEtagIsKeptOnEachCopy() throws Exception {
        run(toExternal().moveStorage(MoveStorage.copy).build());
        assertEquals(
                garage.object("reflector-media", "0b1e/audio.mp3").etag(),
                external.object("media", "0b1e/audio.mp3").headers().get(BucketCopy.SOURCE_ETAG));
    }
}
