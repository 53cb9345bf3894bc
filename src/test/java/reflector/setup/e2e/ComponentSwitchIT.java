package reflector.setup.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reflector.setup.envfile.EnvFile;
import reflector.setup.support.DirectorySnapshot;

/**
 * Components switched off and on again by re-running the installer with other flags, from a
 * running deployment of the stand-in stack (InstallIT's): Caddy off (its container gone, ports 80
 * and 443 no longer published by the project, the URLs local, its volumes kept and named) and on
 * again (served over HTTPS, with its kept volume); Ollama off (no container, no LLM_URL pointing at
 * it) and on again (the model answers); the model server from GPU to CPU. There is no GPU here:
 * the --gpu configuration is written and validated by `docker compose config`, and its gpu
 * container is the stand-in model server started without the GPU reservation (a Compose override
 * that resets `deploy`), so that the switch to --cpu has a real gpu container to remove. After each
 * switch: no container of the project that the flags do not run, `status` exit 0, the verify step
 * passed, and the same flags again change nothing. Ports are the compose file's, as in InstallIT and
 * DomainIT (Caddy on 80 and 443); its own Compose project, removed afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComponentSwitchIT {
    static final String MODEL = "qwen2.5:0.5b";
    static final List<String> COMMON = List.of(
            "--public-ip", "192.0.2.10", "--non-interactive", "--ignore-preflight", "memory,disk", "--pull", "missing");
    static final List<String> EVERYTHING =
            List.of("--cpu", "--ollama-cpu", "--llm-model", MODEL, "--garage", "--caddy");

    static TestDeployment deployment;
    static Path dir;
    static Stack stack;

    @BeforeAll
    static void aRunningDeploymentWithEveryComponent() throws Exception {
        deployment = TestDeployment.checkout("switch");
        dir = deployment.dir;
        stack = deployment.stack;
        Shell.Result result = install(EVERYTHING);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(
                Set.of("beat", "caddy", "cpu", "garage", "ollama-cpu", "postgres", "redis", "server", "web", "worker"),
                stack.containers().keySet());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (deployment != null) {
            deployment.remove();
        }
    }

    static Shell.Result install(List<String> flags, String... extra) {
        List<String> args = new ArrayList<>(flags);
        args.addAll(COMMON);
        args.addAll(List.of("--dir", dir.toString()));
        args.addAll(List.of(extra));
        return Shell.installer(Map.of(), args.toArray(String[]::new));
    }

    static List<String> without(List<String> flags, String... dropped) {
        List<String> kept = new ArrayList<>(flags);
        for (String flag : dropped) {
            int at = kept.indexOf(flag);
            kept.remove(at);
            if (flag.equals("--llm-model")) {
                kept.remove(at);
            }
        }
        return kept;
    }

    /** A dry run names the switch, and changes no file and no container. */
    static void aDryRunShows(List<String> flags, String switchLine) {
        DirectorySnapshot files = DirectorySnapshot.of(dir);
        Map<String, String> ids = stack.ids();
        Shell.Result plan = install(flags, "--dry-run");
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("switches: " + switchLine), plan.out());
        assertEquals(files, DirectorySnapshot.of(dir));
        assertEquals(ids, stack.ids());
    }

    /**
     * What every switch must leave: exactly the services the flags run, each running; `status`
     * exit 0; the verify step passed; and the same flags again change nothing.
     */
    static void consistent(Shell.Result result, List<String> flags, Set<String> services) throws Exception {
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Reflector is running."), result.out());
        assertTrue(result.err().contains("the API answers without login and the frontend offers none"), result.err());
        Map<String, Stack.Container> containers = stack.awaitNoHealthStarting(60);
        assertEquals(new TreeSet<>(services), new TreeSet<>(containers.keySet()), "no orphan container of the project");
        for (Stack.Container container : containers.values()) {
            assertEquals("running", container.state(), container.toString());
        }
        Shell.Result status = Shell.installer(Map.of(), "status", "--dir", dir.toString());
        assertEquals(0, status.exitCode(), status::toString);
        for (String service : List.of("caddy", "ollama-cpu", "gpu")) {
            assertEquals(
                    services.contains(service),
                    status.out()
                            .lines()
                            .anyMatch(line -> line.strip().split("\\s+")[0].equals(service)),
                    service + " in status:\n" + status.out());
        }

        DirectorySnapshot files = DirectorySnapshot.of(dir);
        Map<String, String> ids = stack.ids();
        Shell.Result again = install(flags);
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("Changes:  none: everything was already as asked"), again.out());
        assertFalse(again.out().contains("Switched:"), again.out());
        assertFalse(again.err().contains("stopping and removing"), again.err());
        assertEquals(files, DirectorySnapshot.of(dir));
        assertEquals(ids, stack.ids());
    }

    /** The host ports the project's containers publish, as Docker reports them. */
    static Set<Integer> publishedByTheProject() {
        Shell.Result ps = Shell.run(
                "docker",
                "ps",
                "-a",
                "--filter",
                "label=com.docker.compose.project=" + stack.project(),
                "--format",
                "{{.Ports}}");
        assertEquals(0, ps.exitCode(), ps::toString);
        Set<Integer> ports = new TreeSet<>();
        Matcher matcher = Pattern.compile(":(\\d+)->").matcher(ps.out());
        while (matcher.find()) {
            ports.add(Integer.parseInt(matcher.group(1)));
        }
        return ports;
    }

    static EnvFile server() throws Exception {
        return EnvFile.parse(Files.readString(dir.resolve("server/.env")));
    }

    @Test
    @Order(1)
    void caddyOffFreesItsPortsAndPointsNothingAtItThenOnAgainItServes() throws Exception {
        List<String> noCaddy = without(EVERYTHING, "--caddy");
        assertTrue(
                publishedByTheProject().containsAll(List.of(80, 443)),
                publishedByTheProject().toString());
        aDryRunShows(
                noCaddy,
                "switch proxy: caddy (self-signed) -> none: stop and remove caddy (freeing ports 80/tcp, 443/tcp)");

        Shell.Result off = install(noCaddy);
        consistent(
                off,
                noCaddy,
                Set.of("beat", "cpu", "garage", "ollama-cpu", "postgres", "redis", "server", "web", "worker"));
        assertTrue(off.out().contains("  Switched: proxy: caddy (self-signed) -> none\n"), off.out());
        assertTrue(off.out().contains("  Removed:  " + stack.project() + "-caddy-1"), off.out());
        String volumes = stack.project() + "_caddy_data " + stack.project() + "_caddy_config";
        assertTrue(off.out().contains("docker volume rm " + volumes), off.out());
        assertTrue(
                stack.volumes()
                        .containsAll(List.of(stack.project() + "_caddy_data", stack.project() + "_caddy_config")),
                "the volumes are kept: " + stack.volumes());
        Set<Integer> published = publishedByTheProject();
        assertFalse(published.contains(80) || published.contains(443), published.toString());
        assertEquals("http://192.0.2.10", server().get("BASE_URL").orElseThrow());
        assertEquals("http://192.0.2.10", server().get("CORS_ORIGIN").orElseThrow());
        EnvFile www = EnvFile.parse(Files.readString(dir.resolve("www/.env")));
        assertEquals("http://192.0.2.10", www.get("NEXTAUTH_URL").orElseThrow());
        assertTrue(off.out().contains("  Proxy:    none"), off.out());
        Shell.Result logs = Shell.installer(Map.of(), "logs", "caddy", "--dir", dir.toString());
        assertEquals(2, logs.exitCode(), "logs no longer lists caddy: " + logs);

        aDryRunShows(EVERYTHING, "switch proxy: none -> caddy (self-signed): start caddy as a fresh install would");
        Shell.Result on = install(EVERYTHING);
        consistent(
                on,
                EVERYTHING,
                Set.of("beat", "caddy", "cpu", "garage", "ollama-cpu", "postgres", "redis", "server", "web", "worker"));
        assertEquals("https://192.0.2.10", server().get("BASE_URL").orElseThrow());
        HttpResponse<String> health = InstallIT.trustingOurOwnInternalCa()
                .send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1/health"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(publishedByTheProject().containsAll(List.of(80, 443)));
    }

    @Test
    @Order(2)
    void ollamaOffLeavesNoContainerAndNoLlmUrlThenOnAgainTheModelAnswers() throws Exception {
        List<String> noOllama = without(EVERYTHING, "--ollama-cpu", "--llm-model");
        aDryRunShows(
                noOllama,
                "switch llm: ollama-cpu (" + MODEL + ") -> none: stop and remove ollama-cpu (freeing ports "
                        + "11435/tcp); keep the volume ollama_data; remove server/.env LLM_URL");

        Shell.Result off = install(noOllama);
        consistent(
                off,
                noOllama,
                Set.of("beat", "caddy", "cpu", "garage", "postgres", "redis", "server", "web", "worker"));
        for (String key : List.of("LLM_URL", "LLM_MODEL", "LLM_API_KEY")) {
            assertFalse(server().has(key), key + " is still in server/.env");
        }
        assertFalse(
                Files.readString(dir.resolve("server/.env"))
                        .lines()
                        .anyMatch(line -> !line.strip().startsWith("#") && line.contains("ollama")),
                "no setting points at ollama");
        assertTrue(off.out().contains("  LLM:      none: LLM_URL is not set in server/.env"), off.out());
        assertTrue(off.out().contains("docker volume rm " + stack.project() + "_ollama_data"), off.out());
        assertFalse(
                publishedByTheProject().contains(11435), publishedByTheProject().toString());

        Shell.Result on = install(EVERYTHING);
        consistent(
                on,
                EVERYTHING,
                Set.of("beat", "caddy", "cpu", "garage", "ollama-cpu", "postgres", "redis", "server", "web", "worker"));
        assertEquals("http://ollama-cpu:11435/v1", server().get("LLM_URL").orElseThrow());
        assertEquals(MODEL, server().get("LLM_MODEL").orElseThrow());
        assertTrue(on.err().contains(MODEL + " answered"), on.err());
    }

    @Test
    @Order(3)
    void fromGpuToCpuTheGpuContainerGoesAndCpuTakesItsPort() throws Exception {
        List<String> gpu = new ArrayList<>(EVERYTHING);
        gpu.set(0, "--gpu");
        // The --gpu configuration, written and checked by Compose (no GPU here: nothing of it is started by the
        // installer).
        Shell.Result configured = install(gpu, "--only", "secrets,server-env,www-env,caddyfile");
        assertEquals(0, configured.exitCode(), configured::toString);
        assertTrue(configured.err().contains("switch models: cpu -> gpu"), configured.err());
        compose(List.of("gpu", "ollama-cpu", "garage", "caddy"), "config", "--quiet");
        assertTrue(
                Files.readString(dir.resolve(".env")).contains("\nREFLECTOR_SETUP_MODELS=gpu\n"),
                "the deployment now records --gpu");

        // The gpu container as it would run, without the GPU reservation, in place of cpu (both publish 8000).
        Path override = deployment.parent.resolve("no-gpu-reservation.yml");
        Files.writeString(override, "services:\n  gpu:\n    deploy: !reset {}\n");
        String cpu = stack.containers().get("cpu").id();
        assertEquals(0, Shell.run("docker", "rm", "-f", cpu).exitCode());
        Shell.Result started = Shell.run(
                Map.of(),
                600,
                List.of(
                        "docker",
                        "compose",
                        "--project-name",
                        stack.project(),
                        "--project-directory",
                        dir.toString(),
                        "-f",
                        dir.resolve("docker-compose.selfhosted.yml").toString(),
                        "-f",
                        override.toString(),
                        "--profile",
                        "gpu",
                        "up",
                        "--detach",
                        "--no-deps",
                        "gpu"));
        assertEquals(0, started.exitCode(), started::toString);
        assertTrue(stack.containers().containsKey("gpu"), stack.containers().toString());

        aDryRunShows(EVERYTHING, "switch models: gpu -> cpu: stop and remove gpu; start cpu as a fresh install would");
        Shell.Result toCpu = install(EVERYTHING);
        consistent(
                toCpu,
                EVERYTHING,
                Set.of("beat", "caddy", "cpu", "garage", "ollama-cpu", "postgres", "redis", "server", "web", "worker"));
        assertTrue(
                toCpu.err().contains("ok   ports"),
                "port 8000 of the deployment's own gpu container is its own:\n" + toCpu.err());
        assertTrue(toCpu.out().contains("  Switched: models: gpu -> cpu\n"), toCpu.out());
        assertTrue(toCpu.out().contains("  Removed:  " + stack.project() + "-gpu-1"), toCpu.out());
        assertFalse(
                toCpu.out().contains("Volumes:"), "cpu mounts gpu_cache too: nothing is left behind\n" + toCpu.out());
        compose(List.of("cpu", "ollama-cpu", "garage", "caddy"), "config", "--quiet");
        assertEquals("3600", server().get("TRANSCRIPT_FILE_TIMEOUT").orElseThrow());
        assertNotEquals(cpu, stack.containers().get("cpu").id());
    }

    static void compose(List<String> profiles, String... command) {
        List<String> argv = new ArrayList<>(List.of(
                "docker",
                "compose",
                "--project-name",
                stack.project(),
                "--project-directory",
                dir.toString(),
                "-f",
                dir.resolve("docker-compose.selfhosted.yml").toString()));
        for (String profile : profiles) {
            argv.addAll(List.of("--profile", profile));
        }
        argv.addAll(List.of(command));
        Shell.Result result = Shell.run(Map.of(), 120, argv);
        assertEquals(0, result.exitCode(), result::toString);
    }
}
