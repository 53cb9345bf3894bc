package reflector.setup.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reflector.setup.support.CliRun;
import reflector.setup.support.EnvFiles;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.TreeHash;

/**
 * Bad options and values against an installed deployment: every option with an empty value, a
 * 100 KB value and control characters (ESC, a CR/LF that tries to forge a line, a direction
 * override), and attempts to inject lines into the Caddyfile and the env files. Each must exit 2
 * with one escaped ERROR line and leave the whole tree, modes included, as it was.
 */
class BadInputReliabilityTest {
    @TempDir
    static Path reference;

    @TempDir
    Path tmp;

    @BeforeAll
    static void installReference() {
        Deployments.install(reference.resolve("deploy"));
    }

    @AfterAll
    static void writeCounts() {
        ReliabilityCounts.write();
    }

    /** Every option that takes a value, with what it needs beside it to be looked at. */
    private static final Map<String, List<String>> OPTIONS = Map.ofEntries(
            Map.entry("--llm-model", List.of("--ollama-cpu")),
            Map.entry("--domain", List.of()),
            Map.entry("--source", List.of("--build")),
            Map.entry("--password", List.of()),
            Map.entry("--password-file", List.of()),
            Map.entry("--dir", List.of()),
            Map.entry("--hf-token", List.of()),
            Map.entry("--s3-access-key-id", List.of()),
            Map.entry("--s3-secret-access-key", List.of()),
            Map.entry("--s3-bucket", List.of()),
            Map.entry("--s3-region", List.of()),
            Map.entry("--s3-endpoint", List.of()),
            Map.entry("--public-ip", List.of()),
            Map.entry("--public-url", List.of()),
            Map.entry("--only", List.of()),
            Map.entry("--skip", List.of()),
            Map.entry("--ignore-preflight", List.of()),
            Map.entry("--output", List.of()),
            Map.entry("--pull", List.of()),
            Map.entry("--public-retention-days", List.of("--public")));

    static Stream<Arguments> everyOptionWithEveryBadValue() {
        String huge = "a".repeat(100_000);
        Map<String, String> values = Map.of(
                "empty", "",
                "100 KB", huge,
                "ESC", "x\u001b[31mred\u001b[0m",
                "CR/LF", "x\r\nERROR: forged",
                "U+202E", "x\u202Eevil");
        List<Arguments> cases = new ArrayList<>();
        OPTIONS.keySet().stream()
                .sorted()
                .forEach(option -> values.keySet().stream().sorted().forEach(kind -> {
                    String value = values.get(kind);
                    if (kind.equals("100 KB")) {
                        value = hugeFor(option, huge);
                    }
                    cases.add(Arguments.of(option, kind, value));
                }));
        return cases.stream();
    }

    /** A huge value that gets past the first checks, so the length limit itself is what refuses it. */
    private static String hugeFor(String option, String huge) {
        return switch (option) {
            case "--public-url", "--s3-endpoint", "--source" -> "https://h.example/" + huge;
            case "--dir", "--password-file" -> "/tmp/" + huge;
            case "--domain" -> "a." + huge + ".example.com";
            default -> huge;
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyOptionWithEveryBadValue")
    void everyBadValueIsRefusedAndChangesNothing(String option, String kind, String value) {
        CliRun.Result result = refusedAndNothingChanged(new CliRun(), dir -> {
            List<String> args = Deployments.args(dir);
            if (option.equals("--dir")) {
                args.set(
                        args.indexOf("--dir") + 1,
                        value.isEmpty()
                                ? ""
                                : value.startsWith("/")
                                        ? value
                                        : tmp.resolve(value).toString());
            } else if (option.equals("--only")) {
                args.set(args.indexOf("--only") + 1, value);
            } else {
                args.addAll(OPTIONS.get(option));
                args.addAll(List.of(option, value));
            }
            return args;
        });
        assertTrue(
                result.err().contains(option.equals("--only") || option.equals("--skip") ? "--" : option)
                        || result.err().contains("Unmatched")
                        || result.err().contains("Missing required"),
                () -> "the error should name the option: " + result);
        assertTrue(
                result.err().length() < 2_000,
                () -> "a short error, not the value back: " + result.err().length());
        ReliabilityCounts.passed("bad options and values");
    }

    static Stream<Arguments> injections() {
        return Stream.of(
                Arguments.of(List.of("--domain", "evil.com\n:80 {\nrespond 1\n}")),
                Arguments.of(List.of("--domain", "a.example.com{")),
                Arguments.of(List.of("--domain", "{$DOMAIN}")),
                Arguments.of(List.of("--domain", "a.example.com\timport /etc/passwd")),
                Arguments.of(List.of("--domain", "*.example.com")),
                Arguments.of(List.of("--ollama-cpu", "--llm-model", "x\nLLM_URL=http://evil")),
                Arguments.of(List.of("--ollama-cpu", "--llm-model", "x'\"$(id)")),
                Arguments.of(List.of("--ollama-cpu", "--llm-model", "llama3 #comment")),
                Arguments.of(List.of("--public-url", "https://x.example.com\nAUTH_BACKEND=none")),
                Arguments.of(List.of("--public-url", "https://x.example.com/'$(id)'")),
                Arguments.of(List.of("--public-url", "https://x.example.com/${HOME}")),
                Arguments.of(List.of("--public-url", "https://admin:pw@x.example.com")),
                Arguments.of(List.of("--hf-token", "hf_x\nAUTH_BACKEND=none")),
                Arguments.of(List.of("--hf-token", "hf_x'y")),
                Arguments.of(List.of("--hf-token", "hf_$HOME")),
                Arguments.of(List.of("--s3-endpoint", "https://s3.example.com\nAUTH_BACKEND=none")),
                Arguments.of(List.of("--s3-bucket", "bucket\nAUTH_BACKEND=none")),
                Arguments.of(List.of("--s3-region", "eu-west-1\nAUTH_BACKEND=none")),
                // No server/.env line holds these for both readers (python-dotenv substitutes ${...} in any quoting).
                Arguments.of(List.of("--s3-secret-access-key", "abc'$(id)")),
                Arguments.of(List.of("--s3-secret-access-key", "abc${HOME}def")),
                Arguments.of(List.of("--build", "--source", "https://x.example/r.git'\"$(id)")),
                Arguments.of(List.of("--build", "--source", "https://x.example/r.git#main\nAUTH_BACKEND=none")),
                Arguments.of(List.of("--public-ip", "192.0.2.1\n:80 {")),
                Arguments.of(List.of("--password", "long enough\nAUTH_BACKEND=none")),
                Arguments.of(List.of("--only", "secrets", "--skip", "secrets")),
                Arguments.of(List.of("--only", "caddyfile,services", "--skip", "caddyfile,services")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("injections")
    void injectionsIntoTheCaddyfileAndEnvFilesAreRefused(List<String> extra) {
        refusedAndNothingChanged(new CliRun(), dir -> argsWith(dir, extra));
        ReliabilityCounts.passed("bad options and values");
    }

    /**
     * --public-retention-days: a whole number of days from 1 to 36500, and only where the backend
     * deletes anything (a public instance; the reference deployment requires login).
     */
    static Stream<Arguments> publicRetentionDays() {
        return Stream.of(
                Arguments.of(List.of("--public", "--public-retention-days", "0")),
                Arguments.of(List.of("--public", "--public-retention-days", "-1")),
                Arguments.of(List.of("--public", "--public-retention-days", "abc")),
                Arguments.of(List.of("--public", "--public-retention-days", "36501")),
                Arguments.of(List.of("--public", "--public-retention-days", "99999999999999999999999999")),
                Arguments.of(List.of("--public", "--public-retention-days", "1e3")),
                Arguments.of(List.of("--public", "--public-retention-days", "+7")),
                Arguments.of(List.of("--public", "--public-retention-days", "7\nAUTH_BACKEND=none")),
                Arguments.of(List.of("--public-retention-days", "30")),
                Arguments.of(List.of("--public-retention-days", "30", "--skip", "server-env")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicRetentionDays")
    void publicRetentionDaysOutOfRangeOrWithoutEffectAreRefused(List<String> extra) {
        CliRun.Result result = refusedAndNothingChanged(new CliRun(), dir -> argsWith(dir, extra));
        assertTrue(result.err().contains("--public-retention-days"), result::toString);
        ReliabilityCounts.passed("bad options and values");
    }

    static Stream<Arguments> dayTwoOptions() {
        return Stream.of(
                Arguments.of(List.of("status", "--dir", "")),
                Arguments.of(List.of("status", "--dir", "x\u001b[31mred")),
                Arguments.of(List.of("diagnose", "--dir", "")),
                Arguments.of(List.of("diagnose", "--dir", "x\u202Eevil")),
                Arguments.of(List.of("logs", "--dir", "")),
                Arguments.of(List.of("logs", "--dir", "x\r\nERROR: forged")),
                Arguments.of(List.of("logs", "--tail", "")),
                Arguments.of(List.of("logs", "--tail", "9".repeat(100_000))),
                Arguments.of(List.of("logs", "--tail", "0")),
                Arguments.of(List.of("logs", "--tail", "-5")),
                Arguments.of(List.of("logs", "\u001b[2Jserver")),
                Arguments.of(List.of("logs", "server\r\nERROR: forged")),
                Arguments.of(List.of("logs", "server", "extra")),
                Arguments.of(List.of("\u001b[31mstatus")));
    }

    /** The day-two commands' options, against a stand-in Docker with a running deployment. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dayTwoOptions")
    void dayTwoOptionsAreCheckedToo(List<String> words) {
        FakeDocker docker = new FakeDocker();
        docker.containers.add(FakeDocker.container("server", "running", "healthy"));
        CliRun.Result result = refusedAndNothingChanged(new CliRun().docker(() -> docker), dir -> {
            List<String> args = new ArrayList<>(words);
            if (!words.contains("--dir") && !words.get(0).startsWith("\u001b")) {
                args.addAll(List.of("--dir", dir.toString()));
            }
            return args;
        });
        assertTrue(
                result.err().length() < 2_000,
                () -> "a short error: " + result.err().length());
        ReliabilityCounts.passed("bad options and values");
    }

    /** The other side: values at the edge of what is allowed do change the deployment. */
    static Stream<Arguments> acceptedAtTheEdge() {
        return Stream.of(
                Arguments.of(
                        List.of(
                                "--only",
                                "secrets,server-env,storage",
                                "--s3-access-key-id",
                                "reflector-app",
                                "--s3-secret-access-key",
                                "minio-secret-key-123",
                                "--s3-bucket",
                                "media",
                                "--s3-region",
                                "us-east-1",
                                "--s3-endpoint",
                                "http://minio.example.com:9000"),
                        "TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID",
                        "reflector-app"),
                Arguments.of(
                        List.of(
                                "--only",
                                "secrets,server-env,storage",
                                "--s3-access-key-id",
                                "reflector-app",
                                "--s3-secret-access-key",
                                "p@ss $HOME #1 !%&|{x} \"q\"",
                                "--s3-bucket",
                                "media",
                                "--s3-region",
                                "us-east-1",
                                "--s3-endpoint",
                                "http://minio.example.com:9000"),
                        "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY",
                        "p@ss $HOME #1 !%&|{x} \"q\""),
                Arguments.of(
                        List.of("--public", "--public-retention-days", "36500"), "PUBLIC_DATA_RETENTION_DAYS", "36500"),
                Arguments.of(List.of("--public", "--public-retention-days", "1"), "PUBLIC_DATA_RETENTION_DAYS", "1"),
                Arguments.of(
                        List.of("--domain", "Reflector.Example.COM."), "BASE_URL", "https://reflector.example.com"),
                Arguments.of(
                        List.of("--public-url", "https://h.example/" + "p".repeat(2000)),
                        "BASE_URL",
                        "https://h.example/" + "p".repeat(2000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedAtTheEdge")
    void valuesAtTheEdgeAreAccepted(List<String> extra, String key, String expected) {
        Path dir = tmp.resolve("deploy");
        Deployments.copy(reference.resolve("deploy"), dir);
        String before = TreeHash.of(dir);
        List<String> args = argsWith(dir, extra);
        if (extra.contains("--public-url")) {
            args.remove("--caddy");
        }
        CliRun.Result result = new CliRun().run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::toString);
        Deployments.assertSafeOutput(result);
        assertNotEquals(before, TreeHash.of(dir));
        assertEquals(expected, EnvFiles.value(dir.resolve("server/.env"), key));
        assertFalse(Files.exists(dir.resolve("server/..env.tmp")));
        ReliabilityCounts.passed("bad options and values");
    }

    /**
     * Runs the installer with {@code arguments} (given the deployment's directory) on a fresh copy of
     * the reference deployment: exit 2 with one safe ERROR line, and not a byte or mode changed.
     */
    private CliRun.Result refusedAndNothingChanged(CliRun cli, Function<Path, List<String>> arguments) {
        Path dir = tmp.resolve("deploy");
        Deployments.copy(reference.resolve("deploy"), dir);
        String before = TreeHash.of(tmp);
        CliRun.Result result = cli.run(arguments.apply(dir).toArray(String[]::new));
        Deployments.assertRefused(result, 2);
        Deployments.assertSafeOutput(result);
        assertEquals(before, TreeHash.of(tmp), () -> TreeHash.listing(tmp));
        return result;
    }

    /** The reference deployment's install options for {@code dir}, then {@code extra}, whose --only replaces the reference's. */
    private static List<String> argsWith(Path dir, List<String> extra) {
        List<String> args = Deployments.args(dir);
        if (extra.contains("--only")) {
            int only = args.indexOf("--only");
            args.remove(only + 1);
            args.remove(only);
        }
        args.addAll(extra);
        return args;
    }
}
