package reflector.setup.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reflector.setup.config.ProjectName;
import reflector.setup.secrets.PasswordHasher;
import reflector.setup.support.CliRun;
import reflector.setup.support.EnvFiles;

/**
 * Holds the bundled stack to upstream's effective container configuration
 * (contracts/upstream-stack.yml). For each flag set the installer writes the configuration
 * (config-only steps, in-process), then the real `docker compose config` reads the deployment
 * directory, and every active service is compared field by field with the contract. It needs
 * Docker Compose but no engine and starts nothing.
 *
 * A second `config`, of a copy of the directory whose server/.env and www/.env are empty, shows
 * what the compose file itself sets, so a key that the compose file adds is seen even where the
 * env file has the same key.
 */
class UpstreamStackContractIT {
    static final String CONFIG_STEPS = "secrets,server-env,www-env,caddyfile";
    static final String PASSWORD = "contract 'test' $password\\";

    static final StackContract CONTRACT = StackContract.load();

    @TempDir
    Path tmp;

    /**
     * One installer run: its flags, the Compose profiles they select, the env-file conditions of
     * the contract that apply, the Reflector version, and the contract's placeholders.
     */
    record FlagSet(
            String name,
            List<String> flags,
            List<String> profiles,
            List<String> conditions,
            String version,
            Map<String, String> vars) {
        boolean checkout() {
            return version.equals("checkout");
        }

        boolean externalS3() {
            return conditions.contains("external_s3");
        }

        @Override
        public String toString() {
            return name + ": " + String.join(" ", flags);
        }
    }

    static Stream<FlagSet> flagSets() {
        return Stream.of(
                new FlagSet(
                        "Cpu",
                        List.of("--cpu"),
                        List.of("cpu"),
                        List.of("public", "external_s3", "cpu"),
                        "default",
                        vars("http://localhost:1250", "http://localhost")),
                new FlagSet(
                        "Gpu.Ollama-Garage_Caddy",
                        List.of("--gpu", "--ollama-gpu", "--garage", "--caddy", "--public-ip", "192.0.2.10"),
                        List.of("gpu", "ollama-gpu", "garage", "caddy"),
                        List.of("public", "public_ip", "ollama", "garage"),
                        "default",
                        with(
                                vars("https://192.0.2.10", "https://192.0.2.10"),
                                "public_ip",
                                "192.0.2.10",
                                "ollama_service",
                                "ollama",
                                "llm_model",
                                "qwen2.5:14b")),
                new FlagSet(
                        "Cpu.Ollama-Garage_Domain-Password",
                        List.of(
                                "--cpu",
                                "--ollama-cpu",
                                "--garage",
                                "--domain",
                                "reflector.example.com",
                                "--password-file",
                                "PASSWORD_FILE"),
                        List.of("cpu", "ollama-cpu", "garage", "caddy"),
                        List.of("password", "ollama", "garage", "cpu"),
                        "default",
                        with(
                                vars("https://reflector.example.com", "https://reflector.example.com"),
                                "ollama_service",
                                "ollama-cpu",
                                "llm_model",
                                "qwen2.5:14b")),
                new FlagSet(
                        "Cpu.Caddy-Checkout",
                        List.of("--cpu", "--caddy"),
                        List.of("cpu", "caddy"),
                        List.of("public", "external_s3", "cpu"),
                        "checkout",
                        vars("https://localhost", "https://localhost")),
                new FlagSet(
                        "Gpu.PublicUrl-S3Endpoint",
                        List.of(
                                "--gpu",
                                "--public-url",
                                "https://meet.example.com",
                                "--hf-token",
                                "hf_contractTokenValue42",
                                "--s3-endpoint",
                                "https://s3.example.com",
                                "--project-name",
                                "meetings-contract"),
                        List.of("gpu"),
                        List.of("public", "external_s3", "s3_endpoint"),
                        "default",
                        with(
                                vars("https://meet.example.com", "https://meet.example.com"),
                                "hf_token",
                                "hf_contractTokenValue42",
                                "s3_endpoint",
                                "https://s3.example.com")));
    }

    /** The placeholders every flag set has: the public URLs, no HF token, the external S3 values given. */
    static Map<String, String> vars(String serverUrl, String siteUrl) {
        return Map.of(
                "server_url",
                serverUrl,
                "site_url",
                siteUrl,
                "hf_token",
                "",
                "s3_access_key_id",
                "AKIACONTRACTTEST",
                "s3_secret_access_key",
                "contract/secret+key",
                "s3_bucket",
                "reflector-contract",
                "s3_region",
                "eu-west-1");
    }

    static Map<String, String> with(Map<String, String> vars, String... pairs) {
        Map<String, String> all = new HashMap<>(vars);
        for (int i = 0; i < pairs.length; i += 2) {
            all.put(pairs[i], pairs[i + 1]);
        }
        return all;
    }

    @BeforeAll
    static void requireDockerCompose() {
        Assumptions.assumeTrue(ComposeConfig.available(), "docker compose is not installed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flagSets")
    void theBundledStackHasUpstreamsConfiguration(FlagSet set) throws Exception {
        assertTrue(
                CONTRACT.conditions().containsAll(set.conditions()),
                "conditions not in the contract: " + set.conditions());
        // A directory name that Compose must normalise (upper case and a dot dropped).
        Path dir = Files.createDirectories(tmp.resolve("Reflector." + set.name()));
        if (set.checkout()) {
            layOutCheckout(dir);
        }
        install(set, dir);
        Map<String, String> vars = new HashMap<>(set.vars());
        vars.putAll(CONTRACT.version(set.version()));

        ComposeConfig config = ComposeConfig.read(dir, set.profiles());
        ComposeConfig composeFileOnly = ComposeConfig.read(copyWithEmptyEnvFiles(dir), set.profiles());

        Differences differences = new Differences();
        checkProject(set, dir, config, differences);
        List<String> active = CONTRACT.activeServices(set.profiles());
        differences.compare("(project)", "services", new TreeSet<>(active), config.services());
        for (String service : active) {
            if (!config.services().contains(service)) {
                continue;
            }
            checkFields(service, config, vars, differences);
            differences.compareEnvironment(
                    service,
                    "environment",
                    CONTRACT.effectiveEnvironment(service, set.conditions(), vars),
                    config.environment(service));
            differences.compareEnvironment(
                    service,
                    "environment set in the compose file",
                    CONTRACT.composeEnvironment(service, vars),
                    composeFileOnly.environment(service));
        }
        if (set.conditions().contains("password")) {
            checkPasswordHash(config, differences);
        }
        differences.assertNone(set, dir);
    }

    private void install(FlagSet set, Path dir) throws Exception {
        List<String> args = new ArrayList<>();
        for (String flag : set.flags()) {
            args.add(
                    flag.equals("PASSWORD_FILE")
                            ? Files.writeString(tmp.resolve("password.txt"), PASSWORD + "\n")
                                    .toString()
                            : flag);
        }
        // Without Garage the storage step writes the external S3 values, and needs no Docker.
        String steps = set.externalS3() ? CONFIG_STEPS + ",storage" : CONFIG_STEPS;
        args.addAll(List.of("--only", steps, "--non-interactive", "--dir", dir.toString()));
        CliRun run = new CliRun();
        if (set.externalS3()) {
            args.addAll(List.of(
                    "--s3-access-key-id",
                    set.vars().get("s3_access_key_id"),
                    "--s3-bucket",
                    set.vars().get("s3_bucket"),
                    "--s3-region",
                    set.vars().get("s3_region")));
            run.env("REFLECTOR_S3_SECRET_ACCESS_KEY", set.vars().get("s3_secret_access_key"));
        }
        CliRun.Result result = run.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::toString);
    }

    /** What makes the directory a Reflector checkout for the installer: the three image sources. */
    private static void layOutCheckout(Path dir) throws Exception {
        for (String file : List.of(
                "server/Dockerfile",
                "www/Dockerfile",
                "gpu/self_hosted/Dockerfile",
                "gpu/self_hosted/Dockerfile.cpu")) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), "FROM scratch\n");
        }
    }

    /** The same deployment with empty env files: then the environment is what the compose file sets. */
    private Path copyWithEmptyEnvFiles(Path dir) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("compose-file-only").resolve(dir.getFileName()));
        Files.copy(dir.resolve(ComposeConfig.COMPOSE_FILE), copy.resolve(ComposeConfig.COMPOSE_FILE));
        Files.copy(dir.resolve(".env"), copy.resolve(".env"));
        for (String envFile : List.of("server/.env", "www/.env")) {
            Files.createDirectories(copy.resolve(envFile).getParent());
            Files.writeString(copy.resolve(envFile), "");
        }
        return copy;
    }

    /**
     * The project is the directory's name as Compose normalises it (or --project-name), recorded
     * as COMPOSE_PROJECT_NAME in the root .env; volumes are named project_volume; the default
     * network is attachable.
     */
    private static void checkProject(FlagSet set, Path dir, ComposeConfig config, Differences differences) {
        int named = set.flags().indexOf("--project-name");
        String project = named >= 0
                ? set.flags().get(named + 1)
                : ProjectName.normalise(dir.getFileName().toString());
        differences.compare("(project)", "name", project, config.projectName());
        differences.compare(
                "(project)",
                "COMPOSE_PROJECT_NAME in .env",
                project,
                EnvFiles.value(dir.resolve(".env"), "COMPOSE_PROJECT_NAME"));

        Map<String, String> volumes = new HashMap<>();
        for (String service : CONTRACT.activeServices(set.profiles())) {
            for (Object volume : (List<?>) CONTRACT.upstream(service, "volumes")) {
                String source = volume.toString().substring(0, volume.toString().indexOf(':'));
                if (!source.startsWith(".")) {
                    volumes.put(source, project + "_" + source);
                }
            }
        }
        differences.compare("(project)", "volumes", new TreeMap<>(volumes), config.volumeNames());
        Set<String> undeclared = new TreeSet<>(volumes.keySet());
        CONTRACT.declaredVolumes().forEach(undeclared::remove);
        for (String volume : undeclared) {
            differences.add("(project): volumes: " + volume + " is used but not in the contract's list of volumes");
        }

        differences.compare(
                "(project)",
                "networks.default.attachable",
                CONTRACT.defaultNetworkAttachable(),
                config.network("default").path("attachable").asBoolean(false));
        differences.compare(
                "(project)",
                "networks.default.name",
                project + "_default",
                config.network("default").path("name").asText(null));
    }

    private static void checkFields(
            String service, ComposeConfig config, Map<String, String> vars, Differences differences) {
        for (String field : StackContract.FIELDS) {
            String label = CONTRACT.allowedReason(service, field).isPresent()
                    ? field + " (an allowed difference from upstream)"
                    : field;
            differences.compare(service, label, CONTRACT.expected(service, field, vars), config.field(service, field));
        }
        differences.uncovered(service, config.uncoveredFields(service));
    }

    /** The hash reaches the backend intact ($ and all) and verifies the password, as the backend would. */
    private static void checkPasswordHash(ComposeConfig config, Differences differences) {
        for (String service : List.of("server", "worker", "beat")) {
            String hash = config.environment(service).get("ADMIN_PASSWORD_HASH");
            if (hash != null && !PasswordHasher.verify(PASSWORD.toCharArray(), hash)) {
                differences.add(service + ": environment.ADMIN_PASSWORD_HASH: does not verify the password given with "
                        + "--password-file: '" + hash + "'");
            }
        }
    }
}
