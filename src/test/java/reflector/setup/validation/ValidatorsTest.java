package reflector.setup.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

    /** Strings that try to break out of a Caddyfile, an .env file or a shell. */
    private static final String[] INJECTIONS = {
        "x.com {\n}", "evil.com\nrespond", "a b.com", "\"x\"", "{$DOMAIN}", "x.com\r\nX: y", "x.com;rm -rf /",
        "$(id).com", "`id`.com", "x.com\u0000", "x.com#", "'x'.com", "x.com\\", "x.com\u2028y.com",
        "x.com\u202e"
    };

    @Test
    void domainAcceptsAndNormalises() {
        assertEquals("reflector.example.com", Validators.domain("reflector.example.com"));
        assertEquals("reflector.example.com", Validators.domain("Reflector.Example.COM."));
        assertEquals("a-b.c0.io", Validators.domain("a-b.c0.io"));
        assertEquals("xn--bcher-kva.example", Validators.domain("xn--bcher-kva.example"));
        assertEquals("1.2.3.example", Validators.domain("1.2.3.example"));
        String longest = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
        assertEquals(253, longest.length());
        assertEquals(longest, Validators.domain(longest));
    }

    @Test
    void domainRejects() {
        rejects(Validators::domain, null, "must not be empty");
        rejects(Validators::domain, "", "must not be empty");
        rejects(Validators::domain, "localhost", "fully qualified");
        rejects(Validators::domain, "*.example.com", "wildcard");
        rejects(Validators::domain, "https://x.example.com", "without a scheme");
        rejects(Validators::domain, "x.example.com/path", "without a path");
        rejects(Validators::domain, "x.example.com:443", "without a port");
        rejects(Validators::domain, "x..example.com", "empty label");
        rejects(Validators::domain, ".example.com", "empty label");
        rejects(Validators::domain, "-x.example.com", "starts or ends with '-'");
        rejects(Validators::domain, "x-.example.com", "starts or ends with '-'");
        rejects(Validators::domain, "under_score.example.com", "'_'");
        rejects(Validators::domain, "a".repeat(64) + ".com", "longer than 63");
        rejects(
                Validators::domain,
                String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(62)),
                "too long");
        rejects(Validators::domain, "example.123", "all-numeric");
        rejects(Validators::domain, "bücher.example", "xn--bcher-kva.example");
        for (String ip : new String[] {"192.0.2.10", "192.0.2.10.", "2001:db8::1", "[2001:db8::1]", "::1"}) {
            rejects(Validators::domain, ip, "use --public-ip");
        }
        rejects(Validators::domain, "999.1.1.1", "use --public-ip");
    }

    @Test
    void domainRejectsInjectionsWithoutEchoingControlCharacters() {
        rejects(Validators::domain, "x.com {\n}", "control characters: \"x.com {\\n}\"");
        rejects(Validators::domain, "evil.com\nrespond", "control characters: \"evil.com\\nrespond\"");
        rejects(Validators::domain, "a b.com", "must not contain spaces");
        rejects(Validators::domain, "\"x\"", "must not contain \"\\\"\"");
        rejects(Validators::domain, "{$DOMAIN}", "must not contain \"{\"");
        for (String attempt : INJECTIONS) {
            rejects(Validators::domain, attempt, "");
        }
    }

    @Test
    void ipAddressAcceptsLiteralsOnly() throws Exception {
        InetAddress v4 = Validators.ipAddress("203.0.113.7");
        assertTrue(v4 instanceof Inet4Address);
        assertArrayEquals(new byte[] {(byte) 203, 0, 113, 7}, v4.getAddress());
        assertEquals("0.0.0.0", Validators.ipAddress("0.0.0.0").getHostAddress());
        assertEquals("255.255.255.255", Validators.ipAddress("255.255.255.255").getHostAddress());
        for (String v6 : new String[] {
            "2001:db8::1",
            "::",
            "::1",
            "1::",
            "fe80::1:2:3:4:5",
            "2001:0db8:0000:0000:0000:ff00:0042:8329",
            "::ffff:192.0.2.1",
            "64:ff9b::192.0.2.33",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:192.0.2.1",
            "[2001:db8::1]",
            "ABCD:EF01::"
        }) {
            InetAddress address = Validators.ipAddress(v6);
            String bare = v6.replace("[", "").replace("]", "");
            assertArrayEquals(InetAddress.getByName(bare).getAddress(), address.getAddress(), v6);
        }
        assertTrue(Validators.ipAddress("2001:db8::1") instanceof Inet6Address);
        // An IPv4-mapped address is given back as IPv4 by InetAddress.
        assertEquals("192.0.2.1", Validators.ipAddress("::ffff:192.0.2.1").getHostAddress());
    }

    @Test
    void ipAddressRejects() {
        rejects(Validators::ipAddress, "example.com", "not an IP address");
        rejects(Validators::ipAddress, "localhost", "not an IP address");
        rejects(Validators::ipAddress, "256.1.1.1", "not a valid IPv4");
        rejects(Validators::ipAddress, "01.2.3.4", "not a valid IPv4");
        rejects(Validators::ipAddress, "1.2.3", "not a valid IPv4");
        rejects(Validators::ipAddress, "1.2.3.4.5", "not a valid IPv4");
        rejects(Validators::ipAddress, "1.2.3.", "not a valid IPv4");
        rejects(Validators::ipAddress, "0x7f.0.0.1", "not an IP address");
        rejects(Validators::ipAddress, "2130706433", "not a valid IPv4");
        rejects(Validators::ipAddress, "[1.2.3.4]", "not a valid IPv4");
        rejects(Validators::ipAddress, "fe80::1%eth0", "zone index");
        rejects(Validators::ipAddress, "\uff11.2.3.4", "not an IP address"); // Guava would take other scripts' digits
        for (String bad : new String[] {
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            ":1::",
            "1:::2",
            "12345::",
            "g::1",
            "1:2:3:4:5:6:7",
            "::1.2.3",
            "1.2.3.4::",
            "::ffff:256.0.0.1",
            "[::1",
            "::١"
        }) {
            rejects(Validators::ipAddress, bad, "");
        }
        rejects(Validators::ipAddress, " 1.2.3.4", "spaces");
        rejects(Validators::ipAddress, "1.2.3.4\n", "control characters: \"1.2.3.4\\n\"");
    }

    @Test
    void httpUrlAccepts() {
        assertEquals("https://reflector.example.com", Validators.httpUrl("https://reflector.example.com/"));
        assertEquals("http://garage:3900", Validators.httpUrl("http://garage:3900"));
        assertEquals("http://ollama:11434/v1", Validators.httpUrl("http://ollama:11434/v1//"));
        assertEquals("http://192.0.2.1:8080/a/b%20c", Validators.httpUrl("http://192.0.2.1:8080/a/b%20c"));
        assertEquals("http://[2001:db8::1]:9000", Validators.httpUrl("http://[2001:db8::1]:9000/"));
        assertEquals("HTTPS://Example.com/Path", Validators.httpUrl("HTTPS://Example.com/Path"));
    }

    @Test
    void httpUrlRejects() {
        rejects(Validators::httpUrl, "", "must not be empty");
        rejects(Validators::httpUrl, "example.com", "http:// or https://");
        rejects(Validators::httpUrl, "ftp://example.com", "http:// or https://");
        rejects(Validators::httpUrl, "javascript:alert(1)", "http:// or https://");
        rejects(Validators::httpUrl, "http:example.com", "absolute URL");
        rejects(Validators::httpUrl, "https://", "not a valid URL");
        rejects(Validators::httpUrl, "http:///path", "absolute URL");
        rejects(Validators::httpUrl, "https://user:hunter2@example.com/", "user name or password");
        rejects(Validators::httpUrl, "https://example.com/?x=1", "query");
        rejects(Validators::httpUrl, "https://example.com/?", "query");
        rejects(Validators::httpUrl, "https://example.com/#top", "fragment");
        rejects(Validators::httpUrl, "https://example.com:99999/", "port");
        rejects(Validators::httpUrl, "https://exa_mple.com/", "valid host");
        rejects(Validators::httpUrl, "https://example.com/a b", "spaces");
        rejects(Validators::httpUrl, "https://example.com/\n", "control characters");
        rejects(Validators::httpUrl, "https://example.com/${X}", "\"$\"");
        rejects(Validators::httpUrl, "https://example.com/'", "\"'\"");
        rejects(Validators::httpUrl, "https://example.com/{x}", "not a valid URL");
        rejects(Validators::httpUrl, "https://bücher.example/", "ASCII");
        rejects(Validators::httpUrl, "https://[1::2::3]/", "");
        // Credentials must not be echoed.
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Validators.httpUrl("https://user:hunter2@example.com/"));
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void s3Bucket() {
        for (String ok : new String[] {"reflector-media", "abc", "a.b.c", "1bucket9", "a".repeat(63)}) {
            assertEquals(ok, Validators.s3Bucket(ok));
        }
        rejects(Validators::s3Bucket, "ab", "3 to 63");
        rejects(Validators::s3Bucket, "a".repeat(64), "3 to 63");
        rejects(Validators::s3Bucket, "Reflector", "lower-case");
        rejects(Validators::s3Bucket, "my_bucket", "lower-case");
        rejects(Validators::s3Bucket, "-bucket", "start and end");
        rejects(Validators::s3Bucket, "bucket.", "start and end");
        rejects(Validators::s3Bucket, "a..b", "two dots");
        rejects(Validators::s3Bucket, "192.168.5.4", "IP address");
        rejects(Validators::s3Bucket, "xn--bucket", "xn--");
        rejects(Validators::s3Bucket, "bucket-s3alias", "-s3alias");
        rejects(Validators::s3Bucket, "my bucket", "spaces");
        rejects(Validators::s3Bucket, "bucket\n", "control characters: \"bucket\\n\"");
    }

    @Test
    void s3RegionAndAccessKeyId() {
        assertEquals("garage", Validators.s3Region("garage"));
        assertEquals("us-east-1", Validators.s3Region("us-east-1"));
        rejects(Validators::s3Region, "US-EAST-1", "lower-case");
        rejects(Validators::s3Region, "a".repeat(33), "1 to 32");
        rejects(Validators::s3Region, "eu_west", "lower-case");

        assertEquals("GK31c2f218a2e44f485b94239e", Validators.s3AccessKeyId("GK31c2f218a2e44f485b94239e"));
        assertEquals("AKIAIOSFODNN7EXAMPLE", Validators.s3AccessKeyId("AKIAIOSFODNN7EXAMPLE"));
        rejects(Validators::s3AccessKeyId, "AK", "3 to 128");
        rejects(Validators::s3AccessKeyId, "A".repeat(129), "3 to 128");
        // S3-compatible services allow more than AWS's letters and digits (MinIO: reflector-app).
        assertEquals("reflector-app", Validators.s3AccessKeyId("reflector-app"));
        assertEquals("AKIA_123.x@y", Validators.s3AccessKeyId("AKIA_123.x@y"));
        rejects(Validators::s3AccessKeyId, "AKIA 123", "whitespace");
        rejects(Validators::s3AccessKeyId, "AKIA'123", "quotes");
        rejects(Validators::s3AccessKeyId, "AKIA$123", "'$'");
        rejects(Validators::s3AccessKeyId, "AKIA\u00e9123", "printable ASCII");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Validators.s3AccessKeyId("AKIA\"SECRETISH"));
        assertFalse(e.getMessage().contains("SECRETISH"));
    }

    @Test
    void credentialsAreCheckedButNeverEchoed() {
        String awsExample = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assertEquals(awsExample, Validators.s3SecretAccessKey(awsExample));
        assertEquals(
                "a+b=c/d!#%&()*,-.:;<=>?@[]^_{|}~", Validators.s3SecretAccessKey("a+b=c/d!#%&()*,-.:;<=>?@[]^_{|}~"));
        assertEquals("hf_AbCdEf0123456789", Validators.hfToken("hf_AbCdEf0123456789"));
        for (Function<String, String> check :
                List.<Function<String, String>>of(Validators::s3SecretAccessKey, Validators::hfToken)) {
            rejects(check, "", "must not be empty");
            rejects(check, "x".repeat(257), "too long");
        }
        String[][] tokenCases = {
            {"SeCrEt value", "whitespace"},
            {"SeCrEtvalue\n", "whitespace"},
            {"SeCrEt\u00a0value", "whitespace"},
            {"SeCrEt\u0007value", "printable ASCII"},
            {"SeCrEtvälue", "printable ASCII"},
            {"SeCrEt\"value", "quotes"},
            {"SeCrEt'value", "quotes"},
            {"SeCrEt`value", "backticks"},
            {"SeCrEt\\value", "backslashes"},
            {"SeCrEt$value", "'$'"}
        };
        refusedWithoutEcho(Validators::hfToken, tokenCases);
        String[][] s3SecretCases = {
            {"SeCrEtvalue\n", "line breaks"},
            {"SeCrEt\tvalue", "tabs"},
            {"SeCrEt\u00a0value", "printable ASCII"},
            {"SeCrEt\u0007value", "printable ASCII"},
            {"SeCrEtvälue", "printable ASCII"},
            {" SeCrEtvalue", "start or end with a space"},
            {"SeCrEtvalue ", "start or end with a space"},
            {"SeCrEt${value}", "substitutes '${...}'"},
            {"SeCrEt'$value", "single quote"}
        };
        refusedWithoutEcho(Validators::s3SecretAccessKey, s3SecretCases);
    }

    /** S3 secrets are chosen by people (MinIO): whatever server/.env can hold for both of its readers is accepted. */
    @Test
    void s3SecretsWithShellAndDotenvCharactersAreAccepted() {
        for (String secret : new String[] {
            "pa$$word",
            "$HOME",
            "${HOME",
            "x$}{y",
            "{braces}",
            "secret #not-a-comment",
            "#hash",
            "bang!per%cent&and|pipe",
            "with inner spaces",
            "it's",
            "say \"hi\"",
            "back\\slash",
            "`cmd`",
            "p@ss w0rd!#$%^&*()_+-=[]{}|;:,.<>?/~"
        }) {
            assertEquals(secret, Validators.s3SecretAccessKey(secret));
        }
    }

    private static void refusedWithoutEcho(Function<String, String> check, String[][] cases) {
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check.apply(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertFalse(e.getMessage().contains("SeCrEt"), e.getMessage());
            assertFalse(e.getMessage().contains("value"), e.getMessage());
        }
    }

    @Test
    void ollamaModelAccepts() {
        for (String ok : new String[] {
            "llama3",
            "llama3.1:8b",
            "qwen2.5:14b-instruct-q4_K_M",
            "library/llama3:latest",
            "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
            "registry.example.com:5000/team/model:v1.0",
            "_private/model_x",
            "localhost:11434/ns/m",
            "m:" + "t".repeat(80),
            "h".repeat(350) + "/n/m"
        }) {
            assertEquals(ok, Validators.ollamaModel(ok));
        }
    }

    @Test
    void ollamaModelRejects() {
        rejects(Validators::ollamaModel, "", "must not be empty");
        rejects(Validators::ollamaModel, "llama3@sha256:abc", "digest");
        rejects(Validators::ollamaModel, "https://hf.co/a/b", "scheme");
        rejects(Validators::ollamaModel, "a/b/c/d", "too many '/'");
        rejects(Validators::ollamaModel, "llama3:", "empty tag");
        rejects(Validators::ollamaModel, "/llama3", "empty namespace");
        rejects(Validators::ollamaModel, "ns/", "empty model");
        rejects(Validators::ollamaModel, ":latest", "empty model");
        rejects(Validators::ollamaModel, "-model", "does not start with");
        rejects(Validators::ollamaModel, "model:.tag", "does not start with");
        rejects(Validators::ollamaModel, "name.space/model", "namespace with \".\"");
        rejects(Validators::ollamaModel, "host:1/ns/mo:del/x", "");
        rejects(Validators::ollamaModel, "host:11434/model", "namespace with \":\"");
        rejects(Validators::ollamaModel, "m".repeat(81), "longer than 80");
        rejects(Validators::ollamaModel, "m:" + "t".repeat(81), "longer than 80");
        rejects(Validators::ollamaModel, "h".repeat(351) + "/n/m", "longer than 350");
        rejects(Validators::ollamaModel, "llama3;rm", "\";\"");
        rejects(Validators::ollamaModel, "llama 3", "spaces");
        rejects(Validators::ollamaModel, "llama3\n", "control characters: \"llama3\\n\"");
        rejects(Validators::ollamaModel, "{$MODEL}", "does not start with");
        rejects(Validators::ollamaModel, "\"x\"", "");
    }

    @Test
    void noMessageContainsRawControlCharacters() {
        List<Function<String, ?>> all = List.of(
                Validators::domain,
                Validators::ipAddress,
                Validators::httpUrl,
                Validators::s3Bucket,
                Validators::s3Region,
                Validators::s3AccessKeyId,
                Validators::s3SecretAccessKey,
                Validators::hfToken,
                Validators::ollamaModel);
        for (Function<String, ?> check : all) {
            for (String attempt : INJECTIONS) {
                try {
                    check.apply(attempt); // a credential may legitimately contain e.g. '#' or ';'
                } catch (IllegalArgumentException e) {
                    assertTrue(
                            e.getMessage()
                                    .codePoints()
                                    .noneMatch(c -> Character.isISOControl(c)
                                            || Character.getType(c) == Character.FORMAT
                                            || c == '\u2028'),
                            e.getMessage());
                }
            }
        }
    }

    private static void rejects(Function<String, ?> check, String input, String messagePart) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> check.apply(input), () -> "accepted " + input);
        assertTrue(
                e.getMessage().contains(messagePart), () -> "message \"" + e.getMessage() + "\" lacks " + messagePart);
    }
}
