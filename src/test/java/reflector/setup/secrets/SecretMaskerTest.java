package reflector.setup.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    private static final String M = SecretMasker.MASK;

    @Test
    void masksEveryOccurrence() {
        SecretMasker masker = SecretMasker.of("s3cr3t-value");
        assertEquals("a " + M + " b " + M, masker.mask("a s3cr3t-value b s3cr3t-value"));
        assertEquals("nothing here", masker.mask("nothing here"));
    }

    @Test
    void longestSecretWinsWhenOneContainsAnother() {
        SecretMasker masker = SecretMasker.of("abcdef", "abcdefghij");
        assertEquals("x" + M + "y", masker.mask("xabcdefghijy"));
        assertEquals("x" + M + "gy", masker.mask("xabcdefgy"));
    }

    @Test
    void ignoresBlankNullAndPublicValues() {
        SecretMasker masker = SecretMasker.of("", "   ", null, "      ", "selfhosted", "not-needed");
        assertEquals(0, masker.size());
        assertEquals("selfhosted not-needed", masker.mask("selfhosted not-needed"));
    }

    @Test
    void shortSecretsAreMaskedWhereTheyStandAlone() {
        SecretMasker masker = SecretMasker.of("abc", "1", "TRUE");
        assertEquals(M + " x=" + M + " abcd xabc [1/8] 10 true", masker.mask("abc x=abc abcd xabc [1/8] 10 true"));
        assertEquals("SMTP_PASS=" + M, SecretMasker.maskAssignments("SMTP_PASS=1"));
    }

    @Test
    void multiLineSecretsAreMaskedWholeAndLineByLine() {
        SecretMasker masker = SecretMasker.of("-----BEGIN KEY-----\nMIIEvQIBADANBg\n-----END KEY-----");
        assertEquals("k=" + M + ";", masker.mask("k=-----BEGIN KEY-----\nMIIEvQIBADANBg\n-----END KEY-----;"));
        assertEquals("+" + M, masker.mask("+MIIEvQIBADANBg"));
    }

    /** Output with very long words and values is masked in linear time, without a stack overflow. */
    @Test
    void longTextIsMaskedWithoutBacktrackingOrRecursion() {
        String big = "a".repeat(500_000);
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            SecretMasker masker = SecretMasker.of("needle-secret", "abc");
            for (String text : List.of(
                    big,
                    "TOKEN=" + big,
                    "TOKEN=\"" + big + "\"",
                    "x://" + big,
                    "https://" + big + "@h",
                    big + "://u:p@h",
                    "password=" + "\\x".repeat(100_000))) {
                masker.maskAll(text);
            }
        });
    }

    @Test
    void masksPasswordsInUrls() {
        assertEquals(
                "postgresql+asyncpg://reflector:" + M + "@postgres:5432/db",
                SecretMasker.empty().mask("postgresql+asyncpg://reflector:hunter2@postgres:5432/db"));
        assertEquals(
                "--source https://" + M + "@github.com/o/r.git#main",
                SecretMasker.empty().mask("--source https://ghp_abcdef123@github.com/o/r.git#main"));
        assertEquals(
                "git@github.com:o/r.git ssh://git@host/r",
                SecretMasker.empty().mask("git@github.com:o/r.git ssh://git@host/r"));
        assertEquals("https://example.com/a:b@c", SecretMasker.empty().mask("https://example.com/a:b@c"));
    }

    @Test
    void secretNamesAreWholeWordsWhereWordsAreShort() {
        for (String name : List.of(
                "SMTP_PASS",
                "DB_PWD",
                "SECRET_KEY",
                "api-key",
                "SENTRY_DSN",
                "AWS_CREDENTIALS",
                "PRIVATE_KEY",
                "ADMIN_PASSWORD_HASH",
                "hf_token",
                "GARAGE_ADMIN_TOKEN",
                "KEY",
                "signing.keys")) {
            assertTrue(SecretNames.isSecret(name), name);
        }
        for (String name :
                List.of("PASSPORT", "BYPASS", "KEYBOARD", "MONKEY", "AUTH_BACKEND", "BASE_URL", "PUBLIC_MODE")) {
            assertFalse(SecretNames.isSecret(name), name);
        }
    }

    @Test
    void regexAndReplacementCharactersAreLiteral() {
        SecretMasker masker = SecretMasker.of("a.b*c$1\\E(x", "$0$1\\\\");
        assertEquals(M + " " + M + " aXb*c$1", masker.mask("a.b*c$1\\E(x $0$1\\\\ aXb*c$1"));
    }

    @Test
    void alsoMasksJsonEscapedForms() {
        SecretMasker masker = SecretMasker.of("pa\"ss\\word<&>");
        assertEquals("{\"P\": \"" + M + "\"}", masker.mask("{\"P\": \"pa\\\"ss\\\\word<&>\"}"));
        assertEquals("[\"P=" + M + "\"]", masker.mask("[\"P=pa\\\"ss\\\\word\\u003c\\u0026\\u003e\"]"));
    }

    @Test
    void immutable() {
        SecretMasker empty = SecretMasker.empty();
        SecretMasker one = empty.with("first-secret");
        SecretMasker two = one.with("second-secret");
        assertEquals("first-secret", empty.mask("first-secret"));
        assertEquals(M + " second-secret", one.mask("first-secret second-secret"));
        assertEquals(M + " " + M, two.mask("first-secret second-secret"));
        assertSame(one, one.with("first-secret", "selfhosted"));
    }

    @Test
    void usableFromManyThreads() {
        SecretMasker masker = SecretMasker.of("shared-secret-1", "shared-secret-22");
        assertTrue(IntStream.range(0, 2000)
                .parallel()
                .mapToObj(i -> masker.mask(i + " shared-secret-22 shared-secret-1 " + i))
                .allMatch(s -> !s.contains("shared-secret")));
    }

    @Test
    void masksEnvAndYamlAssignments() {
        assertEquals(
                "ADMIN_PASSWORD_HASH=" + M,
                SecretMasker.maskAssignments("ADMIN_PASSWORD_HASH=pbkdf2:sha256:100000$abc$def"));
        assertEquals(
                "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY=" + M + "\nBASE_URL=https://x.example.com",
                SecretMasker.maskAssignments(
                        "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY=abc/def+ghi\nBASE_URL=https://x.example.com"));
        assertEquals(
                "  hf_token: " + M + "\n  model: llama3",
                SecretMasker.maskAssignments("  hf_token: hf_abc123\n  model: llama3"));
        assertEquals("password = \"" + M + "\"", SecretMasker.maskAssignments("password = \"two words\""));
        assertEquals("api-key='" + M + "'", SecretMasker.maskAssignments("api-key='x y'"));
        assertEquals("AccessKey=" + M, SecretMasker.maskAssignments("AccessKey=AKIA1234"));
        assertEquals(
                "SMTP_PASS=" + M + " SENTRY_DSN=" + M + " BYPASS=1",
                SecretMasker.maskAssignments("SMTP_PASS=abc SENTRY_DSN=https://k@sentry.io/1 BYPASS=1"));
    }

    @Test
    void masksJsonAndDockerInspectOutput() {
        String inspect =
                """
                "Env": [
                    "GARAGE_ADMIN_TOKEN=c2VjcmV0\\"quoted",
                    "HF_TOKEN=hf_abcdef",
                    "PATH=/usr/local/bin:/usr/bin"
                ],
                "Labels": {"com.example.password": "p@ss", "name": "server"}
                """;
        String masked = SecretMasker.maskAssignments(inspect);
        assertEquals(
                """
                "Env": [
                    "GARAGE_ADMIN_TOKEN=%1$s",
                    "HF_TOKEN=%1$s",
                    "PATH=/usr/local/bin:/usr/bin"
                ],
                "Labels": {"com.example.password": "%1$s", "name": "server"}
                """
                        .formatted(M),
                masked);
    }

    @Test
    void masksUrlQueryParameters() {
        assertEquals("GET /x?a=1&token=" + M + "&b=2", SecretMasker.maskAssignments("GET /x?a=1&token=abc&b=2"));
    }

    @Test
    void leavesOtherKeysEmptyValuesAndStructureAlone() {
        for (String text : List.of(
                "USER=alice",
                "DOMAIN=reflector.example.com",
                "password=",
                "\"token\": \"\"",
                "\"secret\": {",
                "tokens are nice",
                "hashing: ")) {
            assertEquals(text, SecretMasker.maskAssignments(text));
        }
    }

    @Test
    void keyMustStartAtAWordBoundaryButMayBeAnywhereOnTheLine() {
        assertEquals("x foo=password=" + M, SecretMasker.maskAssignments("x foo=password=abc"));
        assertEquals(
                "level=info db_password=" + M + " ok", SecretMasker.maskAssignments("level=info db_password=abc ok"));
    }

    @Test
    void idempotentAndCombined() {
        String once = SecretMasker.maskAssignments("SECRET_KEY=abc");
        assertEquals(once, SecretMasker.maskAssignments(once));
        SecretMasker masker = SecretMasker.of("plain-secret");
        String all = masker.maskAll("note plain-secret; SECRET_KEY=other");
        assertEquals("note " + M + "; SECRET_KEY=" + M, all);
        assertFalse(all.contains("other"));
    }
}
