package reflector.setup.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.support.CliRun;

/** The summary claims only what answers: without a proxy nothing is reachable from outside. */
class SummaryTest {
    @TempDir
    Path dir;

    private CliRun.Result configOnly(String... flags) {
        List<String> args = new ArrayList<>(List.of(
                "--cpu",
                "--garage",
                "--dir",
                dir.toString(),
                "--non-interactive",
                "--only",
                "secrets,server-env,www-env,caddyfile"));
        args.addAll(List.of(flags));
        CliRun.Result result = new CliRun().run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    @Test
    void withoutAProxyTheServicesAreOnLocalhostOnlyAndNoOpenUrlIsPrinted() {
        CliRun.Result result = configOnly("--public-ip", "192.0.2.10");
        assertFalse(result.out().contains("Open:"), result.out());
        assertFalse(result.out().contains("http://192.0.2.10"), result.out());
        assertTrue(result.out().contains("published on 127.0.0.1 only"), result.out());
        assertTrue(result.out().contains("Local:    http://127.0.0.1:3000 (frontend)"), result.out());
    }

    @Test
    void withYourOwnProxyTheUrlIsNamedAsYours() {
        CliRun.Result result = configOnly("--public-url", "https://meet.example.com");
        assertTrue(
                result.out().contains("Open:     https://meet.example.com (through your reverse proxy)"), result.out());
        assertTrue(result.out().contains("Proxy:    yours: point it at 127.0.0.1:3000"), result.out());
    }

    @Test
    void withCaddyTheSiteIsOpen() {
        CliRun.Result result = configOnly("--caddy", "--public-ip", "192.0.2.10");
        assertTrue(result.out().contains("Open:     https://192.0.2.10\n"), result.out());
        assertTrue(result.out().contains("API:      https://192.0.2.10/v1/\n"), result.out());
    }
}
