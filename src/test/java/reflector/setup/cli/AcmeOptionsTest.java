package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reflector.setup.support.CliRun;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.EnvFiles;
import reflector.setup.support.TestCertificates;

/**
 * --acme-ca, --staging, --acme-ca-root and --acme-email: validated like every input, rendered as
 * the Caddyfile's global options (checked by the real Caddy), recorded so that re-runs keep them.
 */
class AcmeOptionsTest {
    static final String CA = "https://ca.internal.example.com:9000/acme/acme/directory";

    @TempDir
    static Path certificates;

    static TestCertificates ca;
    static Path root;

    @TempDir
    Path dir;

    @BeforeAll
    static void aPrivateCa() throws Exception {
        ca = TestCertificates.newCa(certificates.resolve("ca"), "Company Root CA");
        root = ca.caPemFile();
    }

    CliRun.Result run(String... flags) {
        List<String> args =
                new ArrayList<>(List.of("--cpu", "--dir", dir.toString(), "--only", "caddyfile", "--non-interactive"));
        args.addAll(List.of(flags));
        return new CliRun().run(args.toArray(String[]::new));
    }

    CliRun.Result install(String... flags) {
        CliRun.Result result = run(flags);
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    String caddyfile() throws Exception {
        return Files.readString(dir.resolve("Caddyfile"));
    }

    String recorded(String key) {
        return EnvFiles.value(dir.resolve(".env"), key);
    }

    static Stream<Arguments> badInputs() throws Exception {
        Path notPem = Files.writeString(Files.createTempFile("not", ".pem"), "hello\n");
        return Stream.of(
                Arguments.of(List.of("--caddy", "--acme-ca", CA), "--acme-ca: only with --domain"),
                Arguments.of(List.of("--staging"), "--staging: only with --domain"),
                Arguments.of(
                        List.of("--caddy", "--acme-email", "ops@example.com", "--acme-ca-root", "/x.pem"),
                        "--acme-ca-root, --acme-email: only with --domain"),
                Arguments.of(
                        List.of("--domain", "reflector.example.com", "--acme-ca", CA, "--staging"),
                        "--acme-ca and --staging"),
                Arguments.of(
                        List.of("--domain", "reflector.example.com", "--acme-ca", "http://ca.example.com/dir"),
                        "--acme-ca: must start with https://"),
                Arguments.of(
                        List.of("--domain", "reflector.example.com", "--acme-ca", "https://ca.example.com/{env.X}"),
                        "--acme-ca: must not contain \"{\""),
                Arguments.of(
                        List.of(
                                "--domain",
                                "reflector.example.com",
                                "--acme-ca",
                                "https://ca.example.com/d\n}\nevil {"),
                        "--acme-ca: must not contain control characters"),
                Arguments.of(
                        List.of("--domain", "reflector.example.com", "--acme-ca", "https://ca.example.com/d#x"),
                        "--acme-ca: must not contain \"#\""),
                Arguments.of(
                        List.of("--domain", "reflector.example.com", "--acme-ca", "ca.example.com"),
                        "--acme-ca: must start with http:// or https://"),
                Arguments.of(
                        List.of("--domain", "reflector.example.com", "--acme-email", "ops"),
                        "--acme-email: must be an address"),
                Arguments.of(
                        List.of("--domain", "reflector.example.com", "--acme-email", "ops@example.com\n\tacme_ca x"),
                        "--acme-email: must not contain control characters"),
                Arguments.of(
                        List.of("--domain", "reflector.example.com", "--acme-email", "o{p}s@example.com"),
                        "--acme-email: has a part before '@'"),
                Arguments.of(
                        List.of("--domain", "reflector.example.com", "--acme-email", "ops@localhost"),
                        "--acme-email: has a domain that must be a fully qualified name"),
                Arguments.of(
                        List.of("--domain", "reflector.example.com", "--acme-ca-root", "/nonexistent/root.pem"),
                        "--acme-ca-root: /nonexistent/root.pem is not a file"),
                Arguments.of(
                        List.of("--domain", "reflector.example.com", "--acme-ca-root", notPem.toString()),
                        "contains no PEM certificate"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badAcmeInputExitsTwoNamingTheOptionAndWritesNothing(List<String> flags, String message) {
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result result = run(flags.toArray(String[]::new));
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("ERROR: "), result.err());
        assertTrue(result.err().contains(message), result.err());
        assertEquals(
                1, result.err().lines().filter(line -> line.startsWith("ERROR")).count(), result.err());
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void aRootWithAPrivateKeyIsRefused() throws Exception {
        var server = ca.server("site", "dns:site.example.com");
        Path withKey = Files.writeString(
                dir.resolveSibling(dir.getFileName() + "-key.pem"),
                ca.caPem() + TestCertificates.keyPem(server, "site"));
        CliRun.Result result = run("--domain", "reflector.example.com", "--acme-ca-root", withKey.toString());
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("contains a private key; give only the CA's certificate"), result.err());
        assertFalse(Files.exists(dir.resolve("data")));
    }

    @Test
    void theOptionsAreCaddysGlobalOptionsAndCaddyAcceptsThem() throws Exception {
        install(
                "--domain",
                "reflector.example.com",
                "--acme-ca",
                CA,
                "--acme-ca-root",
                root.toString(),
                "--acme-email",
                "Ops.Team+acme@Example.COM");
        String text = caddyfile();
        assertTrue(
                text.contains("\n{\n\temail Ops.Team+acme@example.com\n\tacme_ca " + CA
                        + "\n\tacme_ca_root /etc/caddy/trust/acme-ca-root.pem\n}\n\nreflector.example.com {\n"),
                text);
        String json = CaddyfileTest.assertCaddyAccepts(dir, text);
        assertTrue(
                json.contains("\"issuers\":[{\"ca\":\"" + CA
                        + "\",\"email\":\"Ops.Team+acme@example.com\",\"module\":\"acme\","
                        + "\"trusted_roots_pem_files\":[\"/etc/caddy/trust/acme-ca-root.pem\"]}]"),
                json);
        assertEquals(
                ca.caCertificate(),
                TestCertificates.parse(Files.readString(dir.resolve("data/caddy-trust/acme-ca-root.pem")))
                        .get(0));
        assertEquals(CA, recorded("REFLECTOR_ACME_CA"));
        assertEquals("Ops.Team+acme@example.com", recorded("REFLECTOR_ACME_EMAIL"));
        assertEquals("data/caddy-trust/acme-ca-root.pem", recorded("REFLECTOR_ACME_CA_ROOT"));
        assertEquals("reflector.example.com", recorded("REFLECTOR_DOMAIN"));
    }

    @Test
    void aReRunWithoutTheOptionsKeepsThemAndChangesNoByte() throws Exception {
        install(
                "--domain",
                "reflector.example.com",
                "--acme-ca",
                CA,
                "--acme-ca-root",
                root.toString(),
                "--acme-email",
                "ops@example.com");
        DirectorySnapshot first = DirectorySnapshot.of(dir);
        CliRun.Result again = install("--domain", "reflector.example.com");
        assertEquals(first, DirectorySnapshot.of(dir));
        assertTrue(again.out().contains("Changes:  none"), again.out());
        assertTrue(again.out().contains("certificate for reflector.example.com from " + CA), again.out());
    }

    @Test
    void stagingIsLetsEncryptsStagingDirectoryAndDefaultGoesBack() throws Exception {
        install("--domain", "reflector.example.com", "--staging", "--acme-email", "ops@example.com");
        assertTrue(
                caddyfile().contains("\tacme_ca https://acme-staging-v02.api.letsencrypt.org/directory\n"),
                caddyfile());
        CaddyfileTest.assertCaddyAccepts(dir, caddyfile());
        install("--domain", "reflector.example.com", "--acme-ca", "default");
        String text = caddyfile();
        assertFalse(text.contains("acme_ca"), text);
        assertTrue(text.contains("\n{\n\temail ops@example.com\n}\n"), "the e-mail stays: " + text);
        assertEquals("", recorded("REFLECTOR_ACME_CA"));
    }

    @Test
    void defaultDropsTheRootTooAndANewRootReplacesTheCopy() throws Exception {
        install("--domain", "reflector.example.com", "--acme-ca", CA, "--acme-ca-root", root.toString());
        TestCertificates other =
                TestCertificates.newCa(certificates.resolve("other-" + dir.getFileName()), "Next Root CA");
        CliRun.Result replaced = install(
                "--domain",
                "reflector.example.com",
                "--acme-ca-root",
                other.caPemFile().toString());
        assertTrue(
                replaced.err().contains("replace the ACME CA root into data/caddy-trust/acme-ca-root.pem"),
                replaced.err());
        assertEquals(
                other.caCertificate(),
                TestCertificates.parse(Files.readString(dir.resolve("data/caddy-trust/acme-ca-root.pem")))
                        .get(0));
        install("--domain", "reflector.example.com", "--acme-ca", "default");
        assertFalse(caddyfile().contains("acme_ca_root"), caddyfile());
        assertFalse(caddyfile().startsWith("{"), caddyfile());
        assertEquals("", recorded("REFLECTOR_ACME_CA_ROOT"));
    }

    @Test
    void withoutADomainTheChoicesWaitInTheEnvForItsReturn() throws Exception {
        install("--domain", "reflector.example.com", "--acme-ca", CA, "--acme-email", "ops@example.com");
        install("--caddy", "--public-ip", "192.0.2.10");
        assertFalse(caddyfile().contains("acme_ca"), caddyfile());
        assertEquals("", recorded("REFLECTOR_DOMAIN"));
        assertEquals(CA, recorded("REFLECTOR_ACME_CA"));
        install("--domain", "reflector.example.com");
        assertTrue(caddyfile().contains("\tacme_ca " + CA + "\n"), caddyfile());
    }

    @Test
    void aRecordedValueEditedIntoSomethingUnsafeIsRefused() throws Exception {
        install("--domain", "reflector.example.com", "--acme-ca", CA);
        Path env = dir.resolve(".env");
        Files.writeString(env, Files.readString(env).replace(CA, "'https://evil.example.com/{env.HOME}'"));
        CliRun.Result result = run("--domain", "reflector.example.com");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains(".env REFLECTOR_ACME_CA: must not contain \"{\""), result.err());
    }

    @Test
    void aRecordedRootWhoseCopyIsGoneIsNamed() throws Exception {
        install("--domain", "reflector.example.com", "--acme-ca", CA, "--acme-ca-root", root.toString());
        Files.delete(dir.resolve("data/caddy-trust/acme-ca-root.pem"));
        CliRun.Result result = run("--domain", "reflector.example.com");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("give --acme-ca-root again"), result.err());
    }

    @Test
    void everyCaddyDeploymentGetsTheDirectoryCaddyMountsMadeByTheInstaller() throws Exception {
        install("--caddy", "--public-ip", "192.0.2.10");
        assertTrue(Files.isDirectory(dir.resolve("data/caddy-trust")));
        assertFalse(Files.exists(dir.resolve(".env")), "no ACME choice and no domain: nothing to record");
    }
}
