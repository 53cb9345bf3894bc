package reflector.setup.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reflector.setup.http.HttpTransport;
import reflector.setup.s3.FakeS3Server;
import reflector.setup.s3.S3Client;
import reflector.setup.s3.S3Error;
import reflector.setup.s3.SigV4;

/** The storage round trip against a stand-in of Garage's S3 API that checks every signature itself. */
class StorageCheckTest {
    static final String KEY_ID = "GK31c2f218a2e44f485b94239e";
    static final String SECRET = "b892c0665f0ada8a4755dae98baa3b133590e11dae3bcc1f9d769d67f16c3835";
    static final String BUCKET = "reflector-media";

    FakeS3Server garage;

    @BeforeEach
    void garageWithTheBackendsKey() throws IOException {
        garage = new FakeS3Server("garage");
        garage.key(KEY_ID, SECRET);
        garage.bucket(BUCKET);
        garage.allow(KEY_ID, BUCKET, "rw");
    }

    @AfterEach
    void stop() {
        garage.close();
    }

    StorageCheck check(String keyId, String secret, String region, String bucket) {
        S3Client s3 = new S3Client(
                garage.baseUrl(),
                region,
                new SigV4.Credentials(keyId, secret),
                new HttpTransport(Duration.ofSeconds(5)),
                Clock.systemUTC(),
                Duration.ofSeconds(10));
        return new StorageCheck(s3, bucket, keyId, region);
    }

    String failure(StorageCheck check) {
        return assertThrows(CheckFailed.class, () -> check.run(new SecureRandom()))
                .getMessage();
    }

    @Test
    void anObjectIsWrittenReadBackAndDeleted() throws Exception {
        String note = check(KEY_ID, SECRET, "garage", BUCKET).run(new SecureRandom());
        assertEquals("storage: wrote, read and deleted an object in reflector-media", note);
        List<String> requests = garage.requests();
        assertEquals(3, requests.size(), requests.toString());
        assertTrue(
                requests.get(0).matches("PUT /reflector-media/reflector-setup-check/[0-9a-f]{16}"),
                requests.toString());
        assertEquals(requests.get(0).substring(4), requests.get(1).substring(4));
        assertEquals(
                List.of("PUT", "GET", "DELETE"),
                requests.stream().map(r -> r.split(" ")[0]).toList());
        assertEquals(Set.of(), garage.objects(BUCKET), "the check object is gone");
    }

    @Test
    void aWrongSecretIsNamed() {
        assertEquals(
                "storage: writing and reading an object failed: the signature was refused (SignatureDoesNotMatch): "
                        + "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY in server/.env is not the secret of the key "
                        + KEY_ID,
                failure(check(KEY_ID, SECRET.replace('b', 'c'), "garage", BUCKET)));
        assertEquals("DELETE", garage.requests().get(1).split(" ")[0], "the delete is still tried");
    }

    @Test
    void anUnknownKeyIsNamed() {
        assertEquals(
                "storage: writing and reading an object failed: the S3 API does not know the access key "
                        + "GK000000000000000000000000 (TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID in server/.env; InvalidAccessKeyId)",
                failure(check("GK000000000000000000000000", SECRET, "garage", BUCKET)));
    }

    @Test
    void aKeyWithoutWritePermissionIsNamed() {
        garage.allow(KEY_ID, BUCKET, "r");
        assertEquals(
                "storage: writing and reading an object failed: the key " + KEY_ID + " lacks read/write permission "
                        + "on the bucket reflector-media (AccessDenied: Forbidden: Operation is not allowed for this key.)",
                failure(check(KEY_ID, SECRET, "garage", BUCKET)));
    }

    @Test
    void aMissingBucketIsNamed() {
        assertEquals(
                "storage: writing and reading an object failed: the bucket reflector-other does not exist (NoSuchBucket)",
                failure(check(KEY_ID, SECRET, "garage", "reflector-other")));
    }

    @Test
    void anotherRegionIsNamed() {
        assertEquals(
                "storage: writing and reading an object failed: the S3 API refused the region us-east-1 "
                        + "(AuthorizationHeaderMalformed): TRANSCRIPT_STORAGE_AWS_REGION must be the region the S3 API signs for "
                        + "(Garage: its s3_region)",
                failure(check(KEY_ID, SECRET, "us-east-1", BUCKET)));
    }

    @Test
    void aFailedReadStillDeletesTheObject() {
        garage.failing.add("GET");
        String message = failure(check(KEY_ID, SECRET, "garage", BUCKET));
        assertTrue(
                message.matches(
                        "storage: writing and reading an object failed: GET /reflector-media/reflector-setup-check/"
                                + "[0-9a-f]{16} answered HTTP 500 InternalError: Internal error: fake failure"),
                message);
        assertEquals(Set.of(), garage.objects(BUCKET), "deleted although the read failed");
    }

    @Test
    void aDifferentObjectReadBackFailsAndIsDeleted() {
        garage.corruptReads = new byte[] {1, 2, 3};
        String message = failure(check(KEY_ID, SECRET, "garage", BUCKET));
        assertTrue(
                message.matches("storage: the object read back from reflector-media/reflector-setup-check/[0-9a-f]{16} "
                        + "differs from the one written \\(3 bytes instead of 64\\)"),
                message);
        assertEquals(Set.of(), garage.objects(BUCKET));
    }

    @Test
    void aFailedDeleteFailsTheCheck() {
        garage.failing.add("DELETE");
        String message = failure(check(KEY_ID, SECRET, "garage", BUCKET));
        assertTrue(
                message.matches(
                        "storage: deleting the check object reflector-media/(reflector-setup-check/[0-9a-f]{16}) "
                                + "failed: DELETE /reflector-media/\\1 answered HTTP 500 InternalError: Internal error: fake failure"),
                message);
    }

    @Test
    void anS3ApiThatDoesNotAnswerIsNamed() {
        garage.close();
        String message = failure(check(KEY_ID, SECRET, "garage", BUCKET));
        assertTrue(
                message.startsWith("storage: writing and reading an object failed: the S3 API did not answer ("),
                message);
    }

    @Test
    void awsErrorCodesForTheSameRefusalsGetTheSameMessages() {
        StorageCheck check = check(KEY_ID, SECRET, "garage", BUCKET);
        assertEquals(
                check.explain("x", new S3Error("PUT /b/k", 403, "AccessDenied", "Forbidden: No such key: " + KEY_ID))
                        .getMessage(),
                check.explain(
                                "x",
                                S3Error.fromResponse(
                                        "PUT /b/k",
                                        403,
                                        "<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in "
                                                + "our records.</Message></Error>"))
                        .getMessage());
        assertEquals(
                check.explain("x", new S3Error("PUT /b/k", 403, "AccessDenied", "Forbidden: Invalid signature"))
                        .getMessage(),
                check.explain(
                                "x",
                                S3Error.fromResponse(
                                        "PUT /b/k",
                                        403,
                                        "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not "
                                                + "match the signature you provided.</Message></Error>"))
                        .getMessage());
    }
}
