package reflector.setup.docker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.process.ProcessRunner;
import reflector.setup.text.ShellWords;

/**
 * {@link ComposeProject} on the `docker compose` CLI (Compose V2 plugin):
 *
 * <pre>docker compose --project-name NAME --project-directory DIR --file DIR/docker-compose.selfhosted.yml
 *     --profile P ... --ansi never [--progress plain] SUBCOMMAND ...</pre>
 *
 * run in the deployment directory with stdin from /dev/null and stderr merged into stdout. Each
 * output line goes to the consumer as it arrives; the last {@value #TAIL_LINES} lines are kept for
 * the exception when the command fails. No secrets are ever on the command line: Compose reads
 * the env files itself.
 *
 * <p>The child does not inherit all of the installer's environment: COMPOSE_PROJECT_NAME,
 * COMPOSE_FILE and COMPOSE_PROFILES are removed so that only the flags decide; every REFLECTOR_*
 * variable (the installer's own inputs, some of them secrets, and REFLECTOR_*_CONTEXT, which
 * would override what the installer wrote to the root .env) and HF_TOKEN (the root .env is
 * authoritative; a shell HF_TOKEN would win in Compose's interpolation) are removed too.
 */
public final class ComposeCli implements ComposeProject {

    /** Lines of output kept for the failure message. */
    public static final int TAIL_LINES = 60;
    /** Upper bound of one compose command (a first build of every image can take long). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

    static final Duration VERSION_TIMEOUT = Duration.ofSeconds(20);
    /** After SIGTERM on timeout, how long compose may clean up before it is killed. */
    static final Duration KILL_GRACE = Duration.ofSeconds(10);

    /** Compose's own rule for project names. */
    private static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    /** Removed from the child's environment (see the class comment). */
    private static final List<String> OVERRIDDEN_ENV =
            List.of("COMPOSE_PROJECT_NAME", "COMPOSE_FILE", "COMPOSE_PROFILES", "HF_TOKEN");
    /** Every variable with this prefix is removed from the child's environment. */
    private static final String INSTALLER_ENV_PREFIX = "REFLECTOR_";

    private final String project;
    private final Path directory;
    /** Chosen once: the file a run writes into a checkout does not change the choice. */
    private final String composeFile;

    private final List<String> profiles;
    private final Consumer<String> output;
    private final Map<String, String> environment;
    /** The environment the child starts from before {@link #childEnvironment} filters it. */
    private final Map<String, String> inherited;

    private final Duration timeout;
    private final String docker;
    private final Supplier<ComposePlugin> plugin;

    /**
     * @param environment added to (and overriding) the inherited environment of the docker CLI,
     *                    e.g. DOCKER_HOST; never secrets
     * @param timeout     upper bound of one command; on expiry it is stopped and the call fails
     * @param inherited   this process's environment, which the docker CLI starts from (filtered)
     */
    public ComposeCli(
            String project,
            Path directory,
            List<String> profiles,
            Consumer<String> output,
            Map<String, String> environment,
            Duration timeout,
            Map<String, String> inherited) {
        this(project, directory, profiles, output, environment, timeout, "docker", inherited);
    }

    /** With the plugin's facts from the caller, who asked for them once ({@link DockerAdapter}). */
    public ComposeCli(
            String project,
            Path directory,
            List<String> profiles,
            Consumer<String> output,
            Map<String, String> environment,
            Duration timeout,
            Map<String, String> inherited,
            Supplier<ComposePlugin> plugin) {
        this(project, directory, profiles, output, environment, timeout, "docker", inherited, plugin);
    }

    /** For tests: another docker CLI than the one on the PATH; asks the plugin itself. */
    ComposeCli(
            String project,
            Path directory,
            List<String> profiles,
            Consumer<String> output,
            Map<String, String> environment,
            Duration timeout,
            String docker,
            Map<String, String> inherited) {
        this(
                project,
                directory,
                profiles,
                output,
                environment,
                timeout,
                docker,
                inherited,
                memoized(() -> plugin(docker, inherited, environment)));
    }

    private ComposeCli(
            String project,
            Path directory,
            List<String> profiles,
            Consumer<String> output,
            Map<String, String> environment,
            Duration timeout,
            String docker,
            Map<String, String> inherited,
            Supplier<ComposePlugin> plugin) {
        if (project == null || !PROJECT_NAME.matcher(project).matches()) {
            throw new IllegalArgumentException("not a Compose project name: " + project);
        }
        this.project = project;
        this.directory =
                Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        this.composeFile = DeploymentFiles.composeFile(this.directory);
        this.profiles = List.copyOf(profiles);
        this.output = Objects.requireNonNull(output, "output");
        this.environment = Map.copyOf(environment);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.docker = Objects.requireNonNull(docker, "docker");
        this.inherited = Map.copyOf(inherited);
        this.plugin = Objects.requireNonNull(plugin, "plugin");
    }

    public String project() {
        return project;
    }

    // ---- ComposeProject ------------------------------------------------------------------

    /**
     * The command a user would type in the deployment directory for these arguments (for plans and
     * the summary). It needs no -p: the root .env records COMPOSE_PROJECT_NAME.
     */
    public static String commandLine(String composeFile, List<String> profiles, List<String> arguments) {
        List<String> words = new ArrayList<>(List.of("docker", "compose", "-f", composeFile));
        for (String p : profiles) {
            words.add("--profile");
            words.add(p);
        }
        words.addAll(arguments);
        return ShellWords.join(words);
    }

    @Override
    public void validate() {
        run(List.of("config", "--quiet"));
    }

    @Override
    public void build(List<String> services) {
        List<String> args = new ArrayList<>();
        args.add("build");
        if (!globalProgressSupported()) {
            // Compose before the global flag took it on build itself.
            args.add("--progress");
            args.add("plain");
        }
        args.addAll(services);
        run(args);
    }

    @Override
    public void up(List<String> services) {
        List<String> args = new ArrayList<>(List.of("up", "--detach", "--no-color"));
        args.addAll(services);
        run(args);
    }

    @Override
    public void down() {
        run(List.of("down"));
    }

    /**
     * Interpolated when Compose can (the env files exist), so that ports written as variables
     * resolve and the builds are known; otherwise as written, which needs no env files.
     */
    @Override
    public ComposeConfig config() {
        Optional<Captured> interpolated = capture(
                        argv(List.of("config", "--format", "json")), inherited, environment, VERSION_TIMEOUT)
                .filter(config -> config.exitCode() == 0);
        Captured config = interpolated
                .or(() -> capture(
                        argv(List.of("config", "--no-interpolate", "--format", "json")),
                        inherited,
                        environment,
                        VERSION_TIMEOUT))
                .orElseThrow(() -> new DockerOperationException("`docker compose config` did not run"));
        if (config.exitCode() != 0) {
            throw new DockerOperationException("`docker compose config` failed with exit code " + config.exitCode()
                    + "; run it with -f " + composeFile + " to see why");
        }
        try {
            return ComposeJson.config(config.stdout(), project, profiles, interpolated.isPresent());
        } catch (IOException | NumberFormatException e) {
            throw new DockerOperationException("cannot read `docker compose config`: " + e.getMessage(), e);
        }
    }

    // ---- running -------------------------------------------------------------------------

    /** The whole argv for a subcommand. */
    List<String> argv(List<String> subcommand) {
        List<String> argv = new ArrayList<>(List.of(
                docker,
                "compose",
                "--project-name",
                project,
                "--project-directory",
                directory.toString(),
                "--file",
                directory.resolve(composeFile).toString()));
        for (String p : profiles) {
            argv.add("--profile");
            argv.add(p);
        }
        argv.add("--ansi");
        argv.add("never");
        // `config` shows no progress: it need not wait for the plugin's answer, and can run beside it.
        if (!subcommand.get(0).equals("config") && globalProgressSupported()) {
            argv.add("--progress");
            argv.add("plain");
        }
        argv.addAll(subcommand);
        return argv;
    }

    /** Whether this compose takes `--progress` as a global flag (Compose 2.2x; 2.26 does). */
    boolean globalProgressSupported() {
        return plugin.get().globalProgress();
    }

    private void run(List<String> subcommand) {
        List<String> argv = argv(subcommand);
        String shown = "docker compose " + String.join(" ", subcommand);
        ProcessRunner.Result result;
        try {
            result = ProcessRunner.command(argv)
                    .directory(directory)
                    .environment(childEnvironment(inherited, environment))
                    .onLine(output)
                    .keepLastLines(TAIL_LINES)
                    .timeout(timeout)
                    .killGrace(KILL_GRACE)
                    .run();
        } catch (IOException e) {
            throw new DockerOperationException("cannot run `" + shown + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerOperationException("interrupted while running `" + shown + "`", e);
        }
        if (result.timedOut()) {
            throw new DockerOperationException("`" + shown + "` did not finish within " + EngineErrors.seconds(timeout)
                    + " and was stopped" + tailText(result.lastLines()));
        }
        if (result.exitCode() != 0) {
            throw new DockerOperationException(
                    "`" + shown + "` failed with exit code " + result.exitCode() + tailText(result.lastLines()));
        }
    }

    private static String tailText(List<String> tail) {
        if (tail.isEmpty()) {
            return " (no output)";
        }
        return "; last output:\n" + String.join("\n", tail);
    }

    /**
     * The environment of a docker CLI child: {@code inherited} without the variables Compose must
     * not see (see the class comment), then {@code environment} on top (the caller's explicit
     * choices, e.g. DOCKER_HOST, are kept as given).
     */
    static Map<String, String> childEnvironment(Map<String, String> inherited, Map<String, String> environment) {
        return ProcessRunner.environment(
                inherited, name -> OVERRIDDEN_ENV.contains(name) || name.startsWith(INSTALLER_ENV_PREFIX), environment);
    }

    // ---- version -------------------------------------------------------------------------

    /**
     * Runs `docker compose --progress plain version --format json`: exit 0 means the global flag
     * is taken, and its "version" field is the version. Otherwise it asks again without the flag.
     * A missing plugin makes the docker CLI fail or print help text: non-zero exit or no JSON both
     * mean no version. Asked of the CLI itself rather than inferred from a version number.
     */
    static ComposePlugin plugin(String docker, Map<String, String> inherited, Map<String, String> environment) {
        Optional<Captured> withFlag = capture(
                        List.of(docker, "compose", "--progress", "plain", "version", "--format", "json"),
                        inherited,
                        environment,
                        VERSION_TIMEOUT)
                .filter(r -> r.exitCode == 0);
        if (withFlag.isPresent()) {
            Optional<String> version = ComposeJson.version(withFlag.get().stdout);
            return new ComposePlugin(
                    version.isPresent() ? version : plainVersion(docker, inherited, environment), true);
        }
        Optional<String> version = plainVersion(docker, inherited, environment);
        return version.isPresent() ? new ComposePlugin(version, false) : ComposePlugin.MISSING;
    }

    private static Optional<String> plainVersion(
            String docker, Map<String, String> inherited, Map<String, String> environment) {
        return capture(
                        List.of(docker, "compose", "version", "--format", "json"),
                        inherited,
                        environment,
                        VERSION_TIMEOUT)
                .filter(r -> r.exitCode == 0)
                .flatMap(r -> ComposeJson.version(r.stdout));
    }

    /** The supplier's answer, asked for once, when first needed. */
    static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    private record Captured(int exitCode, String stdout) {}

    /** Runs a short command, stdout captured, stderr discarded; empty when it cannot run or hangs. */
    private static Optional<Captured> capture(
            List<String> argv, Map<String, String> inherited, Map<String, String> environment, Duration limit) {
        try {
            ProcessRunner.Result result = ProcessRunner.command(argv)
                    .environment(childEnvironment(inherited, environment))
                    .errors(ProcessRunner.Errors.DISCARD)
                    .timeout(limit)
                    .killGrace(KILL_GRACE)
                    .run();
            return result.timedOut() ? Optional.empty() : Optional.of(new Captured(result.exitCode(), result.output()));
        } catch (IOException e) {
            return Optional.empty(); // no docker CLI at all
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
