package reflector.setup.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reflector.setup.text.Sha256;

/** The signer against AWS's documented example and against botocore, the AWS SDK for Python. */
class SigV4Test {
    static final SigV4.Credentials AWS_EXAMPLE =
            new SigV4.Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** "Example: GET Object" in the S3 API reference, Signature Version 4 header-based authentication. */
    @Test
    void theDocumentedGetObjectExampleGetsTheDocumentedSignature() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "examplebucket.s3.amazonaws.com");
        headers.put("Range", "bytes=0-9");
        headers.put("x-amz-content-sha256", EMPTY_SHA256);
        headers.put("x-amz-date", "20130524T000000Z");
        String authorization =
                SigV4.authorization(AWS_EXAMPLE, "us-east-1", "s3", "GET", "/test.txt", "", headers, EMPTY_SHA256);
        assertEquals(
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
                authorization);
    }

    @Test
    void theAmzDateIsUtcInTheBasicFormat() {
        assertEquals("20130524T000000Z", SigV4.amzDate(Instant.parse("2013-05-24T00:00:00Z")));
        assertEquals(EMPTY_SHA256, Sha256.hex(new byte[0]));
    }

    @Test
    void pathSegmentsAreEncodedAsSigV4AsksAndSlashesKept() {
        assertEquals(
                "/reflector-media/reflector-setup-check/0a1b",
                SigV4.encodePath("/reflector-media/reflector-setup-check/0a1b"));
        assertEquals("/b/a%20b%2Bc~d_e.f-g/%C3%A9", SigV4.encodePath("/b/a b+c~d_e.f-g/é"));
    }

    /** A path-style PUT with a payload to a host with a port, as the storage check sends it to Garage. */
    @Test
    void aPutToGarageIsSignedAsBotocoreSignsIt() throws Exception {
        assumeTrue(botocoreAvailable(), "python3 with botocore is not installed");
        String secret = "3f7a0c6e2b1d4a5f8e9c0b1a2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e";
        String payload = "hello garage";
        String script = String.join(
                "\n",
                "from botocore.auth import S3SigV4Auth",
                "from botocore.awsrequest import AWSRequest",
                "from botocore.credentials import Credentials",
                "r = AWSRequest(method='PUT', url='http://127.0.0.1:3900/reflector-media/reflector-setup-check/a%20b', data=b'"
                        + payload + "')",
                "S3SigV4Auth(Credentials('GK31c2f218a2e44f485b94239e', '" + secret + "'), 's3', 'garage').add_auth(r)",
                "print(r.headers['X-Amz-Date'])",
                "print(r.headers['Authorization'])");
        List<String> lines = python(script);
        Map<String, String> headers = new LinkedHashMap<>();
        String payloadSha = Sha256.hex(payload.getBytes(StandardCharsets.UTF_8));
        headers.put("host", "127.0.0.1:3900");
        headers.put("x-amz-content-sha256", payloadSha);
        headers.put("x-amz-date", lines.get(0));
        assertEquals(
                lines.get(1),
                SigV4.authorization(
                        new SigV4.Credentials("GK31c2f218a2e44f485b94239e", secret),
                        "garage",
                        "s3",
                        "PUT",
                        SigV4.encodePath("/reflector-media/reflector-setup-check/a b"),
                        "",
                        headers,
                        payloadSha));
    }

    @Test
    void theSecretIsNotInTheCredentialsText() {
        assertTrue(!AWS_EXAMPLE.toString().contains(AWS_EXAMPLE.secretAccessKey()));
    }

    static boolean botocoreAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import botocore.auth")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> python(String script) throws Exception {
        Process process = new ProcessBuilder("python3", "-c", script)
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python3 timed out");
        assertEquals(0, process.exitValue(), out);
        return out.lines().toList();
    }
}
