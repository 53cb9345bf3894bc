package reflector.setup.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reflector.setup.support.JvmRun;

/**
 * Modes whatever the umask: a fresh install in a JVM started with umask 000, 022 and 077 creates
 * its directories 0755 (data/ 0700), secret files 0600 and the rest 0644. Garage's config is
 * written before the storage step needs Docker, which is not there, so that run ends with exit 3.
 */
class UmaskReliabilityTest {
    @TempDir
    Path tmp;

    @AfterAll
    static void writeCounts() {
        ReliabilityCounts.write();
    }

    @ParameterizedTest(name = "umask {0}")
    @ValueSource(strings = {"000", "022", "077"})
    void modesDoNotDependOnTheUmask(String umask) throws Exception {
        Path dir = tmp.resolve("parent/deploy");
        JvmRun.Result result = new JvmRun()
                .umask(umask)
                .env("LANG", "C.UTF-8")
                .args(
                        "--cpu",
                        "--garage",
                        "--caddy",
                        "--public-ip",
                        "192.0.2.10",
                        "--dir",
                        dir.toString(),
                        "--only",
                        "secrets,server-env,www-env,caddyfile,storage",
                        "--non-interactive")
                .run();
        assertEquals(3, result.exitCode(), result::toString);
        assertTrue(result.err().contains("Docker"), result::toString);
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("", "rwxr-xr-x"),
                Map.entry("server", "rwxr-xr-x"),
                Map.entry("www", "rwxr-xr-x"),
                Map.entry("templates", "rwxr-xr-x"),
                Map.entry("data", "rwx------"),
                Map.entry("data/garage.toml", "rw-------"),
                Map.entry("server/.env", "rw-------"),
                Map.entry("www/.env", "rw-------"),
                Map.entry(".env", "rw-------"),
                Map.entry("docker-compose.selfhosted.yml", "rw-r--r--"),
                Map.entry("templates/Caddyfile.template", "rw-r--r--")));
        Map<String, String> actual = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.toList()) {
                String relative = dir.relativize(path).toString();
                if (expected.containsKey(relative)) {
                    actual.put(
                            relative,
                            PosixFilePermissions.toString(
                                    Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)));
                }
            }
        }
        assertEquals(expected, actual);
        assertEquals(
                "rwxr-xr-x",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent())),
                "a missing parent of the deployment directory");
        ReliabilityCounts.passed("umask and modes");
    }

    /**
     * Without Garage, data/ is first made by the caddyfile step, for data/caddy-trust/ (mounted
     * into Caddy): the same modes, 0700 and 0755, never the umask's.
     */
    @ParameterizedTest(name = "umask {0}")
    @ValueSource(strings = {"000", "022", "077"})
    void theCaddyTrustDirectoryAndItsDataParentDoNotDependOnTheUmask(String umask) throws Exception {
        Path dir = tmp.resolve("deploy");
        JvmRun.Result result = new JvmRun()
                .umask(umask)
                .env("LANG", "C.UTF-8")
                .args(
                        "--cpu",
                        "--caddy",
                        "--public-ip",
                        "192.0.2.10",
                        "--dir",
                        dir.toString(),
                        "--only",
                        "secrets,server-env,www-env,caddyfile",
                        "--non-interactive")
                .run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("rwx------", mode(dir.resolve("data")));
        assertEquals("rwxr-xr-x", mode(dir.resolve("data/caddy-trust")));
        ReliabilityCounts.passed("umask and modes");
    }

    /**
     * data/ and data/caddy-trust/ that an older run left writable by everyone (under umask 000)
     * are set back to 0700 and 0755, and the run says so; a dry run only says it would.
     */
    @Test
    void worldWritableInstallerDirectoriesAreTightenedAndNamed() throws Exception {
        Path dir = tmp.resolve("deploy");
        String[] args = {
            "--cpu",
            "--caddy",
            "--public-ip",
            "192.0.2.10",
            "--dir",
            dir.toString(),
            "--only",
            "secrets,server-env,www-env,caddyfile",
            "--non-interactive"
        };
        assertEquals(
                0,
                new JvmRun()
                        .umask("022")
                        .env("LANG", "C.UTF-8")
                        .args(args)
                        .run()
                        .exitCode());
        for (String relative : new String[] {"data", "data/caddy-trust"}) {
            Files.setPosixFilePermissions(dir.resolve(relative), PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        String[] dryRun = Arrays.copyOf(args, args.length + 1);
        dryRun[args.length] = "--dry-run";
        JvmRun.Result planned =
                new JvmRun().umask("000").env("LANG", "C.UTF-8").args(dryRun).run();
        assertEquals(0, planned.exitCode(), planned::toString);
        assertTrue(planned.out().contains("restrict data/ to mode 0700"), planned::toString);
        assertEquals("rwxrwxrwx", mode(dir.resolve("data")), "a dry run changed a mode");

        JvmRun.Result result =
                new JvmRun().umask("000").env("LANG", "C.UTF-8").args(args).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("rwx------", mode(dir.resolve("data")));
        assertEquals("rwxr-xr-x", mode(dir.resolve("data/caddy-trust")));
        assertTrue(result.err().contains("restrict data/ to mode 0700"), result::toString);
        assertTrue(result.err().contains("restrict data/caddy-trust/ to mode 0755"), result::toString);
        ReliabilityCounts.passed("umask and modes");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
