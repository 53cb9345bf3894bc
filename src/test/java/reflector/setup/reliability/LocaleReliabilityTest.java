package reflector.setup.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reflector.setup.support.EnvFiles;
import reflector.setup.support.JvmRun;
import reflector.setup.support.TreeHash;

/**
 * Locales: a non-ASCII admin password, given as an argument, in REFLECTOR_ADMIN_PASSWORD or in a
 * --password-file, under LANG=C, LANG=POSIX, no locale at all (env -i) and C.UTF-8, each in a JVM
 * of its own. The stored hash must verify with Python's hashlib for the password as typed; a value
 * that is not UTF-8 is refused and nothing is written.
 */
class LocaleReliabilityTest {
    static final String PASSWORD = "Pässwörd-Ü1€🙂";
    private static final String CONFIG = "secrets,server-env,www-env";

    @TempDir
    Path tmp;

    static Stream<Arguments> localesAndSources() {
        Map<String, Map<String, String>> locales = Map.of(
                "LANG=C", Map.of("LANG", "C"),
                "LANG=POSIX", Map.of("LANG", "POSIX", "LC_ALL", "POSIX"),
                "no locale", Map.of(),
                "LANG=C.UTF-8", Map.of("LANG", "C.UTF-8"));
        return locales.entrySet().stream().sorted(Map.Entry.comparingByKey()).flatMap(locale -> Stream.of(
                        "argument", "environment", "file")
                .map(source -> Arguments.of(locale.getKey(), locale.getValue(), source)));
    }

    @ParameterizedTest(name = "{0}, password from the {2}")
    @MethodSource("localesAndSources")
    void nonAsciiPasswordIsHashedAsTyped(String name, Map<String, String> locale, String source) throws Exception {
        Path dir = tmp.resolve("deploy");
        JvmRun run = new JvmRun()
                .args(
                        "--cpu",
                        "--dir",
                        dir.toString(),
                        "--only",
                        CONFIG,
                        "--non-interactive",
                        "--public-ip",
                        "192.0.2.10");
        locale.forEach(run::env);
        switch (source) {
            case "argument" -> run.args("--password", PASSWORD);
            case "environment" -> run.args("--password").env("REFLECTOR_ADMIN_PASSWORD", PASSWORD);
            default -> {
                Path file = tmp.resolve("password.txt");
                Files.write(file, (PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
                run.args("--password-file", file.toString());
            }
        }
        JvmRun.Result result = run.run();
        assertEquals(0, result.exitCode(), result::toString);
        String hash = EnvFiles.value(dir.resolve("server/.env"), "ADMIN_PASSWORD_HASH");
        assertTrue(
                pythonVerifies(PASSWORD, hash), "python's hashlib does not accept the hash for the password as typed");
        assertFalse((result.out() + result.err()).contains("Pässwörd"), "the password was printed");
        ReliabilityCounts.passed("locales");
    }

    /** Bytes that are not UTF-8 cannot be a password the backend can check: refused, nothing written. */
    @ParameterizedTest(name = "invalid UTF-8 password under {0}")
    @MethodSource("invalidLocales")
    void passwordBytesThatAreNotUtf8AreRefused(String name, Map<String, String> locale) throws Exception {
        Path dir = tmp.resolve("deploy");
        Files.createDirectories(dir);
        String before = TreeHash.of(dir);
        JvmRun run = new JvmRun()
                .args("--cpu", "--dir", dir.toString(), "--only", CONFIG, "--non-interactive", "--password")
                .arg(new byte[] {'p', 'a', 's', 's', (byte) 0xff, (byte) 0xfe, 'w', 'o', 'r', 'd'});
        locale.forEach(run::env);
        JvmRun.Result result = run.run();
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--password"), result.err());
        assertEquals(before, TreeHash.of(dir));
        ReliabilityCounts.passed("locales");
    }

    static Stream<Arguments> invalidLocales() {
        return Stream.of(
                Arguments.of("LANG=C", Map.of("LANG", "C")), Arguments.of("LANG=C.UTF-8", Map.of("LANG", "C.UTF-8")));
    }

    /** A token with a non-ASCII letter is refused under LANG=C, not stored with '?' or U+FFFD in it. */
    @Test
    void nonAsciiTokenIsRefusedNotMangled() throws Exception {
        Path dir = tmp.resolve("deploy");
        Files.createDirectories(dir);
        String before = TreeHash.of(dir);
        JvmRun.Result result = new JvmRun()
                .env("LANG", "C")
                .args(
                        "--cpu",
                        "--dir",
                        dir.toString(),
                        "--only",
                        CONFIG,
                        "--non-interactive",
                        "--hf-token",
                        "hf_tökén123")
                .run();
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--hf-token"), result.err());
        assertEquals(before, TreeHash.of(dir));
        ReliabilityCounts.passed("locales");
    }

    @AfterAll
    static void writeCounts() {
        ReliabilityCounts.write();
    }

    /** The backend's check, in Python: pbkdf2_hmac over the UTF-8 password and the salt's UTF-8 text. */
    static boolean pythonVerifies(String password, String hash) throws Exception {
        Path file = Files.createTempFile("password", ".txt");
        try {
            Files.writeString(file, password, StandardCharsets.UTF_8);
            String script = String.join(
                    "\n",
                    "import hashlib, sys",
                    "password = open(sys.argv[1], encoding='utf-8').read()",
                    "method, salt, expected = sys.argv[2].split('$')",
                    "_, algorithm, iterations = method.split(':')",
                    "actual = hashlib.pbkdf2_hmac(algorithm, password.encode('utf-8'), salt.encode('utf-8'), int(iterations))",
                    "sys.exit(0 if actual.hex() == expected else 1)");
            Process process = new ProcessBuilder("/usr/bin/python3", "-I", "-c", script, file.toString(), hash)
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            return process.exitValue() == 0;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
