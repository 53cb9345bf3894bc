package reflector.setup.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private static final String FORMAT = "pbkdf2:sha256:100000\\$[0-9a-f]{32}\\$[0-9a-f]{64}";
    private static final String FIXED_SALT = "0123456789abcdef0123456789abcdef";

    /** Passwords that are awkward for shells, Python literals, the '$'-separated format or UTF-8. */
    static final List<String> PASSWORDS = List.of(
            "correct horse battery staple",
            "back\\slash\\",
            "'''triple quotes'''",
            "\"\"\"doubles\"\"\"",
            "dollar$sign$$1",
            "  leading and trailing spaces  ",
            "pässwörd€",
            "emoji \uD83D\uDD11\uD83E\uDD80 key",
            "tab\tand\nnewline",
            "",
            "x".repeat(200));

    // Faithful copy of the backend's verify_password (reflector/auth/password_utils.py); only the
    // I/O around it is added. The password comes on stdin, never in argv.
    private static final String PYTHON_VERIFY =
            """
            import hashlib, hmac, sys

            def verify_password(password, password_hash):
                try:
                    header, salt, stored_hash = password_hash.split("$", 2)
                    _, algo, iterations_str = header.split(":")
                    iterations = int(iterations_str)
                    dk = hashlib.pbkdf2_hmac(
                        algo,
                        password.encode("utf-8"),
                        salt.encode("utf-8"),
                        iterations,
                    )
                    return hmac.compare_digest(dk.hex(), stored_hash)
                except (ValueError, AttributeError):
                    return False

            password = sys.stdin.buffer.read().decode("utf-8")
            print("OK" if verify_password(password, sys.argv[1]) else "FAIL")
            """;

    // Faithful copy of the backend's hash_password.
    private static final String PYTHON_HASH =
            """
            import hashlib, os, sys

            def hash_password(password):
                salt = os.urandom(16).hex()
                dk = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"), 100000)
                return f"pbkdf2:sha256:{100000}${salt}${dk.hex()}"

            print(hash_password(sys.stdin.buffer.read().decode("utf-8")))
            """;

    private final SecureRandom random = new SecureRandom();

    @Test
    void hashHasTheBackendFormatAndVerifies() {
        String stored = PasswordHasher.hash("s3cret!".toCharArray(), random);
        assertTrue(stored.matches(FORMAT), stored);
        assertTrue(PasswordHasher.verify("s3cret!".toCharArray(), stored));
        assertFalse(PasswordHasher.verify("s3cret".toCharArray(), stored));
        assertFalse(PasswordHasher.verify("S3cret!".toCharArray(), stored));
    }

    @Test
    void saltsDiffer() {
        assertNotEquals(
                PasswordHasher.hash("same".toCharArray(), random), PasswordHasher.hash("same".toCharArray(), random));
    }

    @Test
    void knownAnswersComputedWithPythonHashlib() {
        // hashlib.pbkdf2_hmac("sha256", pw.encode("utf-8"), FIXED_SALT.encode("utf-8"), 100000).hex()
        assertTrue(PasswordHasher.verify(
                "password".toCharArray(),
                stored(FIXED_SALT, "db04bd021286d3e9d4685fde494b984ea16d998a4902065fabe25aacaac774ef")));
        assertTrue(PasswordHasher.verify(
                "pässwörd€".toCharArray(),
                stored(FIXED_SALT, "5e7d89082b55b4693f3a9f01b81c65149ffec006ba479e44a094eb60d0743ff0")));
    }

    @Test
    void allTestPasswordsRoundTrip() {
        for (String password : PASSWORDS) {
            String stored = PasswordHasher.hash(password.toCharArray(), random);
            assertTrue(PasswordHasher.verify(password.toCharArray(), stored), password);
            assertFalse(PasswordHasher.verify((password + "x").toCharArray(), stored), password);
        }
    }

    @Test
    void malformedStoredValuesAreFalseNotExceptions() {
        char[] pw = "password".toCharArray();
        String good = stored(FIXED_SALT, "db04bd021286d3e9d4685fde494b984ea16d998a4902065fabe25aacaac774ef");
        assertTrue(PasswordHasher.verify(pw, good));
        for (String bad : new String[] {
            null,
            "",
            "$",
            "$$",
            "garbage",
            "pbkdf2:sha256:100000",
            "pbkdf2:sha256:100000$" + FIXED_SALT,
            "pbkdf2:sha256:$a$b",
            "pbkdf2:sha256:0$a$b",
            "pbkdf2:sha256:-1$a$b",
            "pbkdf2:sha256:1e5$a$b",
            "pbkdf2:sha256:999999999999$a$b",
            "pbkdf2:sha256:2147483648$a$b",
            "pbkdf2:sha1:100000$a$b",
            "bcrypt:sha256:100000$a$b",
            good.toUpperCase(),
            good + "0",
            good.substring(0, good.length() - 1),
            good.replace("pbkdf2:sha256:100000", "pbkdf2:sha256:100001"),
            stored(FIXED_SALT, "DB04BD021286D3E9D4685FDE494B984EA16D998A4902065FABE25AACAAC774EF")
        }) {
            assertFalse(PasswordHasher.verify(pw, bad), String.valueOf(bad));
        }
        assertFalse(PasswordHasher.verify(null, good));
    }

    @Test
    void unpairedSurrogatesAreRefusedBecausePythonCannotEncodeThem() {
        char[] lone = "lone\uD800x".toCharArray();
        assertThrows(IllegalArgumentException.class, () -> PasswordHasher.hash(lone, random));
        String questionMark = PasswordHasher.hash("lone?x".toCharArray(), random);
        assertFalse(PasswordHasher.verify(lone, questionMark));
    }

    /** Why the hasher refuses an unpaired surrogate before it hands the password to the JDK's PBKDF2. */
    @Test
    void jdkSecretKeyFactoryMapsLoneSurrogatesToQuestionMark() throws Exception {
        assertEquals(jdkPbkdf2("lone?x", FIXED_SALT), jdkPbkdf2("lone\uD800x", FIXED_SALT));
        assertFalse(PasswordHasher.isUtf8("lone\uD800x".toCharArray()));
        assertFalse(PasswordHasher.isUtf8("trailing\uDC00".toCharArray()));
        assertFalse(PasswordHasher.isUtf8("\uDC00\uD800 reversed pair".toCharArray()));
        for (String password : PASSWORDS) {
            assertTrue(PasswordHasher.isUtf8(password.toCharArray()), password);
        }
    }

    /** The salt is written as the random bytes' hex; a salt wiped before it was formatted would be all zeros. */
    @Test
    void theWrittenSaltIsTheRandomBytesAndTheHashIsHashlibs() {
        SecureRandom counting = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (0xa0 + i);
                }
            }
        };
        // hashlib.pbkdf2_hmac("sha256", b"password", b"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf", 100000).hex()
        assertEquals(
                stored(
                        "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
                        "22f7d0294168a4a676655f1cbf093b8c03b78dd85735a0591d18d617b0fe5516"),
                PasswordHasher.hash("password".toCharArray(), counting));
    }

    @Test
    void anEmptySaltIsFalseNotAnException() {
        assertFalse(PasswordHasher.verify("password".toCharArray(), "pbkdf2:sha256:100000$$" + "0".repeat(64)));
    }

    @Test
    void javaHashesVerifyInPython() throws Exception {
        assumeTrue(pythonAvailable(), "python3 is not available");
        for (String password : PASSWORDS) {
            String stored = PasswordHasher.hash(password.toCharArray(), random);
            assertEquals("OK", python(PYTHON_VERIFY, password, stored), "password " + password);
            assertEquals("FAIL", python(PYTHON_VERIFY, password + " ", stored), "wrong password " + password);
        }
    }

    @Test
    void pythonHashesVerifyInJava() throws Exception {
        assumeTrue(pythonAvailable(), "python3 is not available");
        for (String password : PASSWORDS) {
            String stored = python(PYTHON_HASH, password);
            assertTrue(stored.matches(FORMAT), stored);
            assertTrue(PasswordHasher.verify(password.toCharArray(), stored), "password " + password);
            assertFalse(PasswordHasher.verify((password + " ").toCharArray(), stored), "wrong password " + password);
        }
    }

    private static String stored(String salt, String hex) {
        return "pbkdf2:sha256:100000$" + salt + "$" + hex;
    }

    private static String jdkPbkdf2(String password, String salt) throws Exception {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), 100_000, 256);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
            return HexFormat.of().formatHex(key);
        } finally {
            spec.clearPassword();
        }
    }

    private static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import hashlib, hmac")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs Python code with {@code stdin} on its standard input and returns its trimmed output. */
    private static String python(String code, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "-c", code));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python3 timed out");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
