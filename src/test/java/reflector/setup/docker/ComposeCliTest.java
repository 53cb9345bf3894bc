package reflector.setup.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link ComposeCli} against a fake docker CLI (a shell script), so no engine is needed. */
@Timeout(60)
class ComposeCliTest {

    @TempDir
    Path dir;

    private Path fake;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /**
     * The fake docker: answers the global --progress probe as $PROBE_EXIT says, records its
     * arguments in args.txt and its environment in env.txt, prints the working directory,
     * DOCKER_HOST and $LINES numbered lines, reads stdin (which must be at EOF), sleeps $SLEEP
     * seconds and exits with $EXIT.
     */
    @BeforeEach
    void writeFakeDocker() throws IOException {
        fake = dir.resolve("fake-docker");
        Files.writeString(
                fake,
                """
                #!/bin/sh
                if [ "$2" = "--progress" ] && [ "$4" = "version" ]; then echo '{"version":"v2.26.1"}'; exit "${PROBE_EXIT:-0}"; fi
                printf '%s\\n' "$@" > "$ARGS_FILE"
                env > "$ENV_FILE"
                echo "pwd=$(pwd)"
                echo "host=$DOCKER_HOST"
                i=1; while [ "$i" -le "${LINES:-0}" ]; do echo "line $i"; i=$((i+1)); done
                echo "to stderr" >&2
                cat
                [ -n "$SLEEP" ] && sleep "$SLEEP"
                exit "${EXIT:-0}"
                """);
        assertTrue(fake.toFile().setExecutable(true));
    }

    private ComposeCli cli(List<String> profiles, Map<String, String> env, Duration timeout) {
        return cli(profiles, env, timeout, System.getenv());
    }

    private ComposeCli cli(
            List<String> profiles, Map<String, String> env, Duration timeout, Map<String, String> inherited) {
        Map<String, String> all = new HashMap<>(env);
        all.put("ARGS_FILE", dir.resolve("args.txt").toString());
        all.put("ENV_FILE", dir.resolve("env.txt").toString());
        return new ComposeCli("rstest-unit", dir, profiles, lines::add, all, timeout, fake.toString(), inherited);
    }

    /** The fake's environment at its last run, variable by variable. */
    private Map<String, String> recordedEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("env.txt"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    private List<String> recordedArgs() throws IOException {
        return Files.readAllLines(dir.resolve("args.txt"));
    }

    @Test
    void upRunsTheFullCommandInTheDeploymentDirectory() throws IOException {
        cli(List.of("cpu", "garage"), Map.of("DOCKER_HOST", "unix:///tmp/x.sock"), Duration.ofSeconds(30))
                .up(List.of());
        assertEquals(
                List.of(
                        "compose",
                        "--project-name",
                        "rstest-unit",
                        "--project-directory",
                        dir.toString(),
                        "--file",
                        dir.resolve("docker-compose.selfhosted.yml").toString(),
                        "--profile",
                        "cpu",
                        "--profile",
                        "garage",
                        "--ansi",
                        "never",
                        "--progress",
                        "plain",
                        "up",
                        "--detach",
                        "--no-color"),
                recordedArgs());
        assertTrue(lines.contains("pwd=" + dir), lines.toString());
        assertTrue(lines.contains("host=unix:///tmp/x.sock"), lines.toString());
        assertTrue(lines.contains("to stderr"), "stderr is merged: " + lines);
    }

    @Test
    void subcommands() throws IOException {
        ComposeCli cli = cli(List.of(), Map.of(), Duration.ofSeconds(30));
        cli.validate();
        assertEquals(List.of("config", "--quiet"), tail(recordedArgs(), 2));
        cli.up(List.of("server", "worker"));
        assertEquals(List.of("up", "--detach", "--no-color", "server", "worker"), tail(recordedArgs(), 5));
        cli.build(List.of("cpu"));
        assertEquals(List.of("--progress", "plain", "build", "cpu"), tail(recordedArgs(), 4));
    }

    @Test
    void theInstallersInputsAndHfTokenDoNotReachCompose() throws IOException {
        Map<String, String> inherited = new HashMap<>(System.getenv());
        inherited.put("REFLECTOR_ADMIN_PASSWORD", "admin-s3cret");
        inherited.put("REFLECTOR_S3_SECRET_ACCESS_KEY", "s3-s3cret");
        inherited.put("REFLECTOR_GPU_CONTEXT", "/somewhere/else");
        inherited.put("HF_TOKEN", "hf_from_the_shell");
        inherited.put("COMPOSE_PROJECT_NAME", "other");
        inherited.put("COMPOSE_FILE", "other.yml");
        inherited.put("COMPOSE_PROFILES", "other");
        inherited.put("MY_REFLECTOR_SETTING", "kept: the prefix counts only at the start");
        inherited.put("HF_HOME", "/kept/too");

        cli(List.of(), Map.of("DOCKER_HOST", "unix:///tmp/x.sock"), Duration.ofSeconds(30), inherited)
                .up(List.of());

        Map<String, String> env = recordedEnvironment();
        List<String> leaked = env.keySet().stream()
                .filter(k -> k.startsWith("REFLECTOR_")
                        || List.of("HF_TOKEN", "COMPOSE_PROJECT_NAME", "COMPOSE_FILE", "COMPOSE_PROFILES")
                                .contains(k))
                .sorted()
                .toList();
        assertEquals(List.of(), leaked);
        env.values().forEach(v -> assertFalse(v.contains("s3cret") || v.contains("hf_from_the_shell"), v));
        assertEquals("kept: the prefix counts only at the start", env.get("MY_REFLECTOR_SETTING"));
        assertEquals("/kept/too", env.get("HF_HOME"));
        assertEquals(System.getenv("PATH"), env.get("PATH"), "the rest is inherited");
        assertEquals("unix:///tmp/x.sock", env.get("DOCKER_HOST"), "explicit additions are kept");
    }

    @Test
    void buildTakesProgressItselfOnAnOlderCompose() throws IOException {
        ComposeCli cli = cli(List.of(), Map.of("PROBE_EXIT", "1"), Duration.ofSeconds(30));
        cli.build(List.of("cpu"));
        List<String> args = recordedArgs();
        assertEquals(List.of("--ansi", "never", "build", "--progress", "plain", "cpu"), tail(args, 6));
        assertFalse(cli.globalProgressSupported());
    }

    @Test
    void thePluginIsAskedOnceForItsVersionAndFlags() throws IOException {
        Path probes = dir.resolve("probes.txt");
        Path counting = dir.resolve("counting-docker");
        Files.writeString(
                counting,
                "#!/bin/sh\n"
                        + "case \"$*\" in *version*) echo \"$*\" >> '" + probes
                        + "'; echo '{\"version\":\"v2.26.1\"}'; exit 0;; esac\n"
                        + "exit 0\n");
        assertTrue(counting.toFile().setExecutable(true));
        ComposeCli cli = new ComposeCli(
                "rstest-unit",
                dir,
                List.of(),
                lines::add,
                Map.of(),
                Duration.ofSeconds(30),
                counting.toString(),
                System.getenv());
        cli.validate();
        cli.build(List.of("cpu"));
        cli.up(List.of());
        assertEquals(List.of("compose --progress plain version --format json"), Files.readAllLines(probes));
        assertTrue(cli.globalProgressSupported());
    }

    @Test
    void anOlderPluginIsAskedAgainWithoutTheFlagForItsVersion() throws IOException {
        Path old = dir.resolve("old-docker");
        Files.writeString(
                old,
                "#!/bin/sh\n"
                        + "[ \"$2\" = \"--progress\" ] && { echo 'unknown flag: --progress' >&2; exit 16; }\n"
                        + "echo '{\"version\":\"v2.17.3\"}'\n");
        assertTrue(old.toFile().setExecutable(true));
        assertEquals(
                new ComposePlugin(Optional.of("2.17.3"), false),
                ComposeCli.plugin(old.toString(), System.getenv(), Map.of()));
        assertEquals(
                ComposePlugin.MISSING, ComposeCli.plugin(dir.resolve("absent").toString(), System.getenv(), Map.of()));
    }

    @Test
    void failureCarriesExitCodeAndTheLastSixtyLines() {
        ComposeCli cli = cli(List.of(), Map.of("LINES", "100", "EXIT", "3"), Duration.ofSeconds(30));
        DockerOperationException e = assertThrows(DockerOperationException.class, () -> cli.up(List.of("web")));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "`docker compose up --detach --no-color web` failed with exit code 3; last output:\n"),
                e.getMessage());
        List<String> shown = e.getMessage().lines().skip(1).toList();
        assertEquals(ComposeCli.TAIL_LINES, shown.size());
        assertEquals("line 42", shown.get(0)); // 100 lines + 2 before + 1 after: the last 60 start at 42
        assertEquals("to stderr", shown.get(shown.size() - 1));
        assertEquals(103, lines.size(), "every line went to the consumer");
    }

    @Test
    void aHangingCommandIsStopped() {
        ComposeCli cli = cli(List.of(), Map.of("SLEEP", "30"), Duration.ofSeconds(1));
        long start = System.nanoTime();
        DockerOperationException e = assertThrows(DockerOperationException.class, cli::validate);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15, "not stopped in time");
        assertTrue(e.getMessage().contains("did not finish within 1 s"), e.getMessage());
    }

    @Test
    void aMissingCliFailsClearly() {
        ComposeCli cli = new ComposeCli(
                "rstest-unit",
                dir,
                List.of(),
                lines::add,
                Map.of(),
                Duration.ofSeconds(5),
                dir.resolve("no-docker-here").toString(),
                System.getenv());
        DockerOperationException e = assertThrows(DockerOperationException.class, cli::validate);
        assertTrue(e.getMessage().startsWith("cannot run `docker compose config --quiet`"), e.getMessage());
    }

    @Test
    void commandLineIsRelativeAndQuoted() {
        assertEquals(
                "docker compose -f docker-compose.selfhosted.yml --profile gpu --profile ollama-gpu up -d",
                ComposeCli.commandLine(
                        "docker-compose.selfhosted.yml", List.of("gpu", "ollama-gpu"), List.of("up", "-d")));
        assertEquals(
                "docker compose -f docker-compose.selfhosted.yml logs --tail 50 'my service' 'it'\\''s'",
                ComposeCli.commandLine(
                        "docker-compose.selfhosted.yml",
                        List.of(),
                        List.of("logs", "--tail", "50", "my service", "it's")));
    }

    @Test
    void projectNamesFollowComposeRules() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ComposeCli(
                        "Reflector", dir, List.of(), l -> {}, Map.of(), ComposeCli.DEFAULT_TIMEOUT, Map.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ComposeCli("-x", dir, List.of(), l -> {}, Map.of(), ComposeCli.DEFAULT_TIMEOUT, Map.of()));
        assertEquals(
                "rstest-abc_1",
                new ComposeCli("rstest-abc_1", dir, List.of(), l -> {}, Map.of(), ComposeCli.DEFAULT_TIMEOUT, Map.of())
                        .project());
    }

    @Test
    void versionIsReadFromJsonOnly() {
        assertEquals(Optional.of("2.26.1-4"), ComposeJson.version("{\"version\":\"2.26.1-4\"}"));
        assertEquals(Optional.of("2.29.7"), ComposeJson.version("{\"version\":\"v2.29.7\"}\n"));
        assertEquals(Optional.empty(), ComposeJson.version("Docker Compose version v2.26.1"));
        assertEquals(Optional.empty(), ComposeJson.version("docker: 'compose' is not a docker command."));
        assertEquals(Optional.empty(), ComposeJson.version("{\"version\":2}"));
        assertEquals(Optional.empty(), ComposeJson.version("[\"2.26.1\"]"));
        assertEquals(Optional.empty(), ComposeJson.version(""));
    }

    @Test
    void versionNeedsExitZeroAndJson() throws IOException {
        Path v = dir.resolve("v-docker");
        Files.writeString(v, "#!/bin/sh\necho '{\"version\":\"v2.30.0\"}'\nexit \"${EXIT:-0}\"\n");
        assertTrue(v.toFile().setExecutable(true));
        assertEquals(
                Optional.of("2.30.0"),
                ComposeCli.plugin(v.toString(), System.getenv(), Map.of()).version());
        assertEquals(
                Optional.empty(),
                ComposeCli.plugin(v.toString(), System.getenv(), Map.of("EXIT", "1"))
                        .version());
        assertEquals(
                Optional.empty(),
                ComposeCli.plugin(dir.resolve("absent").toString(), System.getenv(), Map.of())
                        .version());
    }

    private static List<String> tail(List<String> list, int n) {
        return new ArrayList<>(list.subList(Math.max(0, list.size() - n), list.size()));
    }

    @Test
    void publishedPortsComeFromTheConfigOfTheActiveProfiles() throws Exception {
        // A compose file the user edited to publish the frontend on 8080 instead of 3000.
        var config = new ObjectMapper()
                .readTree(
                        """
                {"services": {
                  "web": {"ports": [{"host_ip": "127.0.0.1", "published": "8080", "target": 3000, "protocol": "tcp"}]},
                  "garage": {"profiles": ["garage"], "ports": [{"published": "3903", "target": 3903}]},
                  "server": {"ports": [{"published": "50000-50002", "target": 50000, "protocol": "udp"}]}}}
                """);
        var ports = ComposeJson.parsePublishedPorts(config, List.of("cpu"));
        assertEquals(
                List.of(
                        new PublishedPort("0.0.0.0", 50000, 50000, "udp"),
                        new PublishedPort("0.0.0.0", 50001, 50001, "udp"),
                        new PublishedPort("0.0.0.0", 50002, 50002, "udp")),
                ports.get("server"));
        assertEquals(List.of(new PublishedPort("127.0.0.1", 8080, 3000, "tcp")), ports.get("web"));
        assertFalse(ports.containsKey("garage"), "its profile is not active");
    }
}
