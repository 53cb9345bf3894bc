package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.CliRun;

/** The Caddyfile variants, checked by the real Caddy, and how re-runs treat a hand-edited one. */
class CaddyfileTest {
    @TempDir
    Path dir;

    CliRun.Result install(CliRun run, String... flags) {
        List<String> args =
                new ArrayList<>(List.of("--cpu", "--dir", dir.toString(), "--only", "caddyfile", "--non-interactive"));
        args.addAll(List.of(flags));
        CliRun.Result result = run.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    String caddyfile() throws Exception {
        return Files.readString(dir.resolve("Caddyfile"));
    }

    @Test
    void aDomainGetsANamedSiteWithAutomaticHttps() throws Exception {
        install(new CliRun(), "--domain", "reflector.example.com");
        String text = caddyfile();
        assertTrue(text.contains("\nreflector.example.com {\n"), text);
        assertFalse(text.contains("tls internal"), text);
        assertRoutes(text);
        assertCaddyAccepts(dir, text);
    }

    @Test
    void anAddressGetsACatchAllWithOnDemandInternalCertificates() throws Exception {
        install(new CliRun(), "--caddy", "--public-ip", "192.0.2.10");
        String text = caddyfile();
        assertTrue(text.contains("\n:443 {\n\ttls internal {\n\t\ton_demand\n\t}\n"), text);
        assertRoutes(text);
        assertCaddyAccepts(dir, text);
    }

    @Test
    void noAddressServesLocalhostWithTheInternalCa() throws Exception {
        install(new CliRun(), "--caddy");
        String text = caddyfile();
        assertTrue(text.contains("\nlocalhost {\n\ttls internal\n"), text);
        assertCaddyAccepts(dir, text);
    }

    @Test
    void aGeneratedCaddyfileFollowsTheFlags() throws Exception {
        install(new CliRun(), "--caddy", "--public-ip", "192.0.2.10");
        CliRun.Result result = install(new CliRun(), "--domain", "reflector.example.com");
        assertTrue(caddyfile().contains("\nreflector.example.com {\n"));
        assertTrue(result.err().contains("update Caddyfile"), result.err());
    }

    @Test
    void aHandEditedCaddyfileIsKeptAndTheDifferenceShown() throws Exception {
        install(new CliRun(), "--caddy", "--public-ip", "192.0.2.10");
        String edited = caddyfile().replace("\thandle {\n", "\theader X-Mine yes\n\thandle {\n");
        Files.writeString(dir.resolve("Caddyfile"), edited);
        CliRun.Result result = install(new CliRun(), "--domain", "reflector.example.com");
        assertEquals(edited, caddyfile());
        assertTrue(result.err().contains("edited by hand and is kept"), result.err());
        assertTrue(result.err().contains("-\theader X-Mine yes"), result.err());
        assertTrue(result.err().contains("+reflector.example.com {"), result.err());
        assertTrue(result.out().contains("Proxy:    caddy, with your own Caddyfile"), result.out());
        assertFalse(
                result.out().contains("Let's Encrypt"),
                "the kept Caddyfile was not configured for it: " + result.out());
    }

    @Test
    void forceCaddyfileReplacesItAndKeepsABackup() throws Exception {
        Files.writeString(dir.resolve("Caddyfile"), "my.site {\n\trespond \"mine\"\n}\n");
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:15:30Z"), ZoneOffset.UTC);
        install(new CliRun().clock(clock), "--domain", "reflector.example.com", "--force-caddyfile");
        assertTrue(caddyfile().contains("\nreflector.example.com {\n"));
        assertEquals(
                "my.site {\n\trespond \"mine\"\n}\n",
                Files.readString(dir.resolve("Caddyfile.backup-20261127-101530")));
    }

    @Test
    void anEmptyDirectoryLeftByADockerBindMountIsReplaced() throws Exception {
        Files.createDirectory(dir.resolve("Caddyfile"));
        install(new CliRun(), "--caddy", "--public-ip", "192.0.2.10");
        assertTrue(Files.isRegularFile(dir.resolve("Caddyfile")));
    }

    @Test
    void aDirectoryWithFilesIsNotDeleted() throws Exception {
        Files.createDirectories(dir.resolve("Caddyfile"));
        Files.writeString(dir.resolve("Caddyfile/keep"), "x");
        CliRun.Result result = new CliRun()
                .run("--cpu", "--caddy", "--dir", dir.toString(), "--only", "caddyfile", "--non-interactive");
        assertEquals(3, result.exitCode(), result::toString);
        assertTrue(Files.exists(dir.resolve("Caddyfile/keep")));
    }

    private static void assertRoutes(String text) {
        assertTrue(text.contains("handle /v1/* {\n\t\treverse_proxy server:1250"), text);
        assertTrue(text.contains("handle /health {\n\t\treverse_proxy server:1250"), text);
        assertTrue(text.contains("handle {\n\t\treverse_proxy web:3000"), text);
    }

    /** Debian's caddy package (installed by .ci/run) adapts the file exactly as the server would load it; returns its JSON. */
    static String assertCaddyAccepts(Path dir, String text) throws Exception {
        Path file = dir.resolve("check.Caddyfile");
        Files.writeString(file, text);
        Process process = new ProcessBuilder("caddy", "adapt", "--config", file.toString(), "--adapter", "caddyfile")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "caddy adapt rejected the Caddyfile:\n" + output);
        assertTrue(output.contains("\"upstreams\":[{\"dial\":\"server:1250\"}]"), output);
        return output;
    }
}
