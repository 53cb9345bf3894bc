package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.output.Terminal;
import reflector.setup.support.CliRun;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.EnvFiles;
import reflector.setup.support.ScriptedTerminal;

/** Password auth, and that a re-run never turns authentication off unless --public says so. */
class AuthenticationTest {
    static final String PASSWORD = "s3cret pass $with 'quotes' \\ and ''' too";

    @TempDir
    Path dir;

    CliRun.Result install(CliRun run, String... flags) {
        List<String> args = new ArrayList<>(
                List.of("--cpu", "--dir", dir.toString(), "--only", "secrets,server-env,www-env", "--non-interactive"));
        args.addAll(List.of(flags));
        CliRun.Result result = run.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    String server(String key) {
        return EnvFiles.value(dir.resolve("server/.env"), key);
    }

    String www(String key) {
        return EnvFiles.value(dir.resolve("www/.env"), key);
    }

    @Test
    void passwordFromTheEnvironmentSetsPasswordAuthAndAHashTheBackendAccepts() throws Exception {
        CliRun.Result result = install(new CliRun().env("REFLECTOR_ADMIN_PASSWORD", PASSWORD), "--password");
        assertEquals("password", server("AUTH_BACKEND"));
        assertEquals("false", server("PUBLIC_MODE"));
        assertEquals("admin@localhost", server("ADMIN_EMAIL"));
        assertEquals("true", www("FEATURE_REQUIRE_LOGIN"));
        assertEquals("credentials", www("AUTH_PROVIDER"));
        String hash = server("ADMIN_PASSWORD_HASH");
        assertTrue(hash.matches("pbkdf2:sha256:100000\\$[0-9a-f]{32}\\$[0-9a-f]{64}"), hash);
        assertFalse(result.out().contains(hash) || result.err().contains(hash), "the hash was printed");
        assertFalse(result.out().contains(PASSWORD) || result.err().contains(PASSWORD), "the password was printed");
        assertTrue(backendVerifies(dir.resolve("server/.env"), PASSWORD), "python-dotenv + hashlib reject the hash");
        assertFalse(backendVerifies(dir.resolve("server/.env"), PASSWORD + "x"));
    }

    @Test
    void passwordFromAFileOrAPromptWithoutEcho() throws Exception {
        Path file = Files.writeString(dir.resolve("pw.txt"), "from-a-file-123\n");
        install(new CliRun(), "--password-file", file.toString());
        assertTrue(backendVerifies(dir.resolve("server/.env"), "from-a-file-123"));

        CliRun.Result prompted = new CliRun()
                .terminal(new ScriptedTerminal("typed-password\ntyped-password\n"))
                .run(
                        "--cpu",
                        "--dir",
                        dir.toString(),
                        "--only",
                        "secrets,server-env,www-env",
                        "--password",
                        "--hf-token",
                        "hf_abcdefgh");
        assertEquals(0, prompted.exitCode(), prompted::toString);
        assertTrue(backendVerifies(dir.resolve("server/.env"), "typed-password"));
    }

    /** Notepad and PowerShell 5 put a byte-order mark before the text: it is not part of the password. */
    @Test
    void aPasswordFileWithAByteOrderMarkIsReadWithoutIt() throws Exception {
        Path file = dir.resolve("pw-windows.txt");
        Files.write(file, ("\uFEFFwindows-pässword\r\n").getBytes(StandardCharsets.UTF_8));
        install(new CliRun(), "--password-file", file.toString());
        assertTrue(backendVerifies(dir.resolve("server/.env"), "windows-pässword"));
        assertFalse(backendVerifies(dir.resolve("server/.env"), "\uFEFFwindows-pässword"));

        Files.write(file, "\uFEFF\n".getBytes(StandardCharsets.UTF_8));
        CliRun.Result onlyAMark = new CliRun()
                .run(
                        "--cpu",
                        "--dir",
                        dir.toString(),
                        "--only",
                        "secrets,server-env,www-env",
                        "--non-interactive",
                        "--password-file",
                        file.toString());
        assertEquals(2, onlyAMark.exitCode(), onlyAMark::toString);
        assertTrue(onlyAMark.err().contains("is empty"), onlyAMark::toString);
    }

    /** Every source of the password: exit 2, one line that shows no password, and the directory as it was. */
    @Test
    void aBadPasswordFromAnySourceChangesNothing() throws Exception {
        install(new CliRun().env("REFLECTOR_ADMIN_PASSWORD", PASSWORD), "--password");
        Path file = Files.writeString(Files.createTempDirectory("pw").resolve("pw.txt"), "tab\tin-the-password\n");
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        refused("at least 8 characters", new CliRun().env("REFLECTOR_ADMIN_PASSWORD", "shrt"), "--password");
        refused("must not contain control characters", new CliRun(), "--password-file", file.toString());
        refused("unpaired surrogate", new CliRun(), "--password", "lone\uD800-surrogate");
        refused(
                "the two passwords differ",
                new CliRun().terminal(new ScriptedTerminal("first-password\nsecond-password\n")),
                "--password");
        refused("unpaired surrogate", new CliRun().terminal(typing("typed\uDC00-surrogate")), "--password");
        assertEquals(before, DirectorySnapshot.of(dir), "a refused password changed the directory");
    }

    private void refused(String why, CliRun run, String... password) {
        List<String> args =
                new ArrayList<>(List.of("--cpu", "--dir", dir.toString(), "--only", "secrets,server-env,www-env"));
        args.addAll(List.of(password));
        CliRun.Result result = run.run(args.toArray(String[]::new));
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals(
                1,
                result.err().lines().filter(line -> line.startsWith("ERROR: ")).count(),
                result::toString);
        assertTrue(result.err().contains("--password"), result::toString);
        assertTrue(result.err().contains(why), result::toString);
        for (String typed : List.of("shrt", "in-the-password", "-surrogate", "first-password", "second-password")) {
            assertFalse((result.out() + result.err()).contains(typed), "the password was printed: " + result);
        }
    }

    /** A terminal that answers every secret with {@code typed}, which a UTF-8 script could not carry. */
    private static Terminal typing(String typed) {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String readLine(String prompt) {
                return "";
            }

            @Override
            public char[] readSecret(String prompt) {
                return typed.toCharArray();
            }
        };
    }

    @Test
    void theSamePasswordAgainKeepsTheHash() {
        CliRun withPassword = new CliRun().env("REFLECTOR_ADMIN_PASSWORD", PASSWORD);
        install(withPassword, "--password");
        String hash = server("ADMIN_PASSWORD_HASH");
        install(withPassword, "--password");
        assertEquals(hash, server("ADMIN_PASSWORD_HASH"));
        install(new CliRun().env("REFLECTOR_ADMIN_PASSWORD", "another password"), "--password");
        assertFalse(hash.equals(server("ADMIN_PASSWORD_HASH")));
    }

    @Test
    void aReRunWithoutPasswordKeepsAuthenticationOn() {
        install(new CliRun().env("REFLECTOR_ADMIN_PASSWORD", PASSWORD), "--password");
        CliRun.Result rerun = install(new CliRun());
        assertEquals("password", server("AUTH_BACKEND"));
        assertEquals("false", server("PUBLIC_MODE"));
        assertEquals("true", www("FEATURE_REQUIRE_LOGIN"));
        assertTrue(rerun.err().contains("authentication stays password"), rerun.err());
    }

    @Test
    void onlyPublicTurnsAuthenticationOffAndSaysSo() {
        install(new CliRun().env("REFLECTOR_ADMIN_PASSWORD", PASSWORD), "--password");
        CliRun.Result result = install(new CliRun(), "--public");
        assertEquals("none", server("AUTH_BACKEND"));
        assertEquals("true", server("PUBLIC_MODE"));
        assertEquals("false", www("FEATURE_REQUIRE_LOGIN"));
        assertTrue(result.err().contains("authentication turned OFF"), result.err());
    }

    @Test
    void jwtIsKeptAndAuthentikLoginStaysRequired() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("server/.env"), "AUTH_BACKEND=jwt\nPUBLIC_MODE=false\n");
        Files.writeString(dir.resolve("www/.env"), "AUTH_PROVIDER=authentik\nFEATURE_REQUIRE_LOGIN=true\n");
        install(new CliRun());
        assertEquals("jwt", server("AUTH_BACKEND"));
        assertEquals("false", server("PUBLIC_MODE"));
        assertEquals("true", www("FEATURE_REQUIRE_LOGIN"));
    }

    @Test
    void aLostWwwEnvIsRemadeAskingForTheLoginTheBackendChecks() throws Exception {
        install(new CliRun().env("REFLECTOR_ADMIN_PASSWORD", PASSWORD), "--password");
        Files.delete(dir.resolve("www/.env"));
        install(new CliRun());
        assertEquals("password", server("AUTH_BACKEND"));
        assertEquals("true", www("FEATURE_REQUIRE_LOGIN"), "the template's false would show a site without login");
        assertEquals("credentials", www("AUTH_PROVIDER"));
    }

    @Test
    void aHandEditedWwwEnvFollowsTheBackendAgainOnEveryRun() throws Exception {
        install(new CliRun().env("REFLECTOR_ADMIN_PASSWORD", PASSWORD), "--password");
        Path www = dir.resolve("www/.env");
        Files.writeString(
                www,
                Files.readString(www)
                        .replace("FEATURE_REQUIRE_LOGIN=true", "FEATURE_REQUIRE_LOGIN=false")
                        .replace("AUTH_PROVIDER=credentials", "AUTH_PROVIDER=authentik"));
        install(new CliRun());
        assertEquals("true", www("FEATURE_REQUIRE_LOGIN"));
        assertEquals("credentials", www("AUTH_PROVIDER"));

        install(new CliRun(), "--public");
        Files.writeString(
                www, Files.readString(www).replace("FEATURE_REQUIRE_LOGIN=false", "FEATURE_REQUIRE_LOGIN=true"));
        install(new CliRun());
        assertEquals("none", server("AUTH_BACKEND"));
        assertEquals("false", www("FEATURE_REQUIRE_LOGIN"), "a public API with a frontend that asks for a login");
    }

    @Test
    void aDryRunPlansTheLoginTheBackendWillCheck() throws Exception {
        install(new CliRun().env("REFLECTOR_ADMIN_PASSWORD", PASSWORD), "--password");
        Files.delete(dir.resolve("www/.env"));
        CliRun.Result plan = install(new CliRun(), "--dry-run");
        assertTrue(plan.out().contains("+FEATURE_REQUIRE_LOGIN=true"), plan.out());
        assertFalse(plan.out().contains("FEATURE_REQUIRE_LOGIN=false"), plan.out());
        assertFalse(Files.exists(dir.resolve("www/.env")));
    }

    @Test
    void withJwtTheFrontendLogsInThroughAuthentikNotThePassword() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("server/.env"), "AUTH_BACKEND=jwt\nPUBLIC_MODE=false\n");
        Files.writeString(
                dir.resolve("www/.env"),
                "AUTH_PROVIDER=credentials\nFEATURE_REQUIRE_LOGIN=false\n"
                        + "AUTHENTIK_ISSUER=https://sso.example.com/application/o/reflector\n");
        CliRun.Result result = install(new CliRun());
        assertEquals("true", www("FEATURE_REQUIRE_LOGIN"));
        assertEquals("authentik", www("AUTH_PROVIDER"));
        assertEquals("https://sso.example.com/application/o/reflector", www("AUTHENTIK_ISSUER"), "the user's setting");
        assertTrue(
                result.err()
                        .contains("has no AUTHENTIK_REFRESH_TOKEN_URL, AUTHENTIK_CLIENT_ID, AUTHENTIK_CLIENT_SECRET"),
                result.err());
    }

    @Test
    void anUnknownAuthBackendIsResetToPublic() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(dir.resolve("server/.env"), "AUTH_BACKEND=weird\nPUBLIC_MODE=false\n");
        install(new CliRun());
        assertEquals("none", server("AUTH_BACKEND"));
        assertEquals("true", server("PUBLIC_MODE"));
        assertEquals("false", www("FEATURE_REQUIRE_LOGIN"));
    }

    /** The backend's own check: python-dotenv reads server/.env, hashlib verifies like the backend's verifier. */
    static boolean backendVerifies(Path serverEnv, String password) throws Exception {
        String script = String.join(
                "\n",
                "import sys, hashlib, hmac, dotenv",
                "stored = dotenv.dotenv_values(sys.argv[1])['ADMIN_PASSWORD_HASH']",
                "method, salt, expected = stored.split('$', 2)",
                "_, algorithm, iterations = method.split(':')",
                "password = sys.stdin.buffer.read().decode('utf-8')",
                "actual = hashlib.pbkdf2_hmac(algorithm, password.encode('utf-8'), salt.encode('utf-8'), int(iterations)).hex()",
                "print('OK' if hmac.compare_digest(actual, expected) else 'FAIL')");
        Process process = new ProcessBuilder("/usr/bin/python3", "-I", "-c", script, serverEnv.toString())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().write(password.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertTrue(
                output.equals("OK") || output.equals("FAIL"),
                "python said: " + output + " (install Debian's python3-dotenv)");
        return output.equals("OK");
    }
}
