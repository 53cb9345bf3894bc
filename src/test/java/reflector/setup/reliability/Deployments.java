package reflector.setup.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import reflector.setup.steps.CaddyfileStep;
import reflector.setup.steps.SecretsStep;
import reflector.setup.steps.ServerEnvStep;
import reflector.setup.steps.Step;
import reflector.setup.steps.WwwEnvStep;
import reflector.setup.support.CliRun;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.TreeHash;

/**
 * What the in-process reliability cases share: a deployment installed once (config steps only,
 * with a password) to copy from, the command line that re-runs it, and the checks every case's
 * output must pass.
 */
final class Deployments {
    /** The steps that need no Docker, by their names in the step list. */
    static final String CONFIG_STEPS = Stream.of(
                    new SecretsStep(), new ServerEnvStep(), new WwwEnvStep(), new CaddyfileStep())
            .map(Step::name)
            .collect(Collectors.joining(","));

    static final String PASSWORD = "golden-admin-password";

    private Deployments() {}

    /** Installs the reference deployment into {@code dir}. */
    static void install(Path dir) {
        CliRun.Result result = new CliRun()
                .env("REFLECTOR_ADMIN_PASSWORD", PASSWORD)
                .run(args(dir, "--password", "--project-name", FakeDocker.PROJECT)
                        .toArray(String[]::new));
        if (result.exitCode() != 0) {
            fail("the reference install failed: " + result);
        }
    }

    /** The re-run of the reference deployment, with {@code extra} options. */
    static List<String> args(Path dir, String... extra) {
        List<String> args = new ArrayList<>(
                List.of("--cpu", "--caddy", "--dir", dir.toString(), "--only", CONFIG_STEPS, "--non-interactive"));
        if (!List.of(extra).contains("--public-ip")) {
            args.addAll(List.of("--public-ip", "192.0.2.10"));
        }
        args.addAll(List.of(extra));
        return args;
    }

    /** A copy of {@code reference} at {@code dir}, modes included. */
    static void copy(Path reference, Path dir) {
        TreeHash.copy(reference, dir);
    }

    /**
     * Output a terminal can show safely: no escape, carriage return, other control character or
     * direction override, and no line that input could have forged.
     */
    static void assertSafeOutput(CliRun.Result result) {
        String all = result.out() + result.err();
        for (int i = 0; i < all.length(); i++) {
            char c = all.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t')
                    || (c >= 0x7f && c <= 0x9f)
                    || (c >= '\u202A' && c <= '\u202E')
                    || (c >= '\u2066' && c <= '\u2069')
                    || c == '\u2028'
                    || c == '\u2029';
            if (control) {
                fail(String.format("raw U+%04X at %d in the output: %s", (int) c, i, result));
            }
        }
        assertFalse(
                all.lines().anyMatch(line -> line.startsWith("ERROR: forged") || line.startsWith("WARNING: forged")),
                () -> "a forged line: " + result);
    }

    /** Bad input: exit 2 and exactly one ERROR line. */
    static void assertRefused(CliRun.Result result, int exitCode) {
        assertEquals(exitCode, result.exitCode(), result::toString);
        assertEquals(
                1,
                result.err().lines().filter(line -> line.startsWith("ERROR: ")).count(),
                result::toString);
    }
}
