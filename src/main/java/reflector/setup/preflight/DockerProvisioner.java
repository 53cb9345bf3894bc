package reflector.setup.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.output.Console;
import reflector.setup.process.ProcessRunner;

/**
 * --install-docker: when the engine or the Compose plugin is missing, runs the commands of
 * {@link DockerInstallGuide} for this distribution, as discourse-setup offers. Root only; each
 * command is printed before it runs; a dry run only prints them. An engine that is installed but
 * not running is not started here (that is the service manager's job): the error says how.
 */
public final class DockerProvisioner {
    /** Runs one shell command, its output line by line; returns the exit code. */
    public interface Shell {
        int run(String command, Consumer<String> output) throws IOException, InterruptedException;
    }

    private static final int TAIL_ON_FAILURE = 20;

    private final Supplier<Docker> docker;
    private final Console console;
    private final OsRelease os;
    private final boolean root;
    private final boolean cliInstalled;
    private final Shell shell;

    public DockerProvisioner(
            Supplier<Docker> docker, Console console, OsRelease os, boolean root, boolean cliInstalled, Shell shell) {
        this.docker = docker;
        this.console = console;
        this.os = os;
        this.root = root;
        this.cliInstalled = cliInstalled;
        this.shell = shell;
    }

    /** @param env this process's environment: the PATH the docker CLI is looked for on, and the commands' environment */
    public static DockerProvisioner forThisSystem(Supplier<Docker> docker, Console console, Map<String, String> env) {
        return new DockerProvisioner(
                docker,
                console,
                OsRelease.ofThisSystem(),
                isRoot(),
                DockerAdvice.dockerCliInstalled(env),
                (command, output) -> sh(command, output, env));
    }

    public void ensure(boolean dryRun) {
        Optional<DockerInstallGuide> guide = whatIsMissing();
        if (guide.isEmpty()) {
            return;
        }
        if (guide.get().commands().isEmpty()) {
            throw InstallerException.environment("--install-docker: no install commands are known for "
                    + os.prettyName() + ". " + guide.get().text(false));
        }
        console.step("", "install-docker", guide.get().summary());
        if (dryRun) {
            guide.get().commands().forEach(command -> console.info("would run: " + command));
            return;
        }
        if (!root) {
            throw InstallerException.environment("--install-docker installs system packages and needs root: "
                    + "run it with sudo. The commands are:\n    "
                    + String.join("\n    ", guide.get().commands()));
        }
        for (String command : guide.get().commands()) {
            run(command);
        }
        console.info("installed; the preflight checks the engine and Compose next");
    }

    /** The guide for what is missing, or empty when the engine answers and has Compose. */
    private Optional<DockerInstallGuide> whatIsMissing() {
        try (Docker client = docker.get()) {
            String engine = client.engine().version();
            if (client.composeVersion().isPresent()) {
                console.detail("--install-docker: Docker Engine " + engine + " and Compose are here already");
                return Optional.empty();
            }
            return Optional.of(DockerInstallGuide.forSystem(os, DockerInstallGuide.Missing.COMPOSE, engine));
        } catch (DockerUnavailableException e) {
            if (e.endpointFound() || cliInstalled) {
                throw InstallerException.environment("--install-docker: Docker is installed, but " + e.getMessage()
                        + ". " + DockerAdvice.unavailable(e, os, cliInstalled));
            }
            return Optional.of(DockerInstallGuide.forSystem(os, DockerInstallGuide.Missing.ENGINE, ""));
        }
    }

    private void run(String command) {
        console.info("+ " + command);
        Deque<String> tail = new ArrayDeque<>();
        int exit;
        try {
            exit = shell.run(command, line -> {
                console.detail(line);
                if (tail.size() == TAIL_ON_FAILURE) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            });
        } catch (IOException e) {
            throw InstallerException.environment("--install-docker: cannot run `" + command + "`: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw InstallerException.environment("--install-docker: interrupted while running `" + command + "`");
        }
        if (exit != 0) {
            console.block(String.join("\n", tail));
            throw InstallerException.environment("--install-docker: `" + command + "` failed with exit code " + exit
                    + " (its last lines are above)");
        }
    }

    private static int sh(String command, Consumer<String> output, Map<String, String> env)
            throws IOException, InterruptedException {
        // No practical time limit: a package install takes what the mirror and the machine take.
        return ProcessRunner.command(List.of("sh", "-c", command))
                .environment(ProcessRunner.environment(env, name -> false, Map.of("DEBIAN_FRONTEND", "noninteractive")))
                .onLine(output)
                .keepLastLines(1)
                .timeout(Duration.ofDays(1))
                .run()
                .exitCode();
    }

    /** The effective user id from /proc (Linux), without a subprocess or the jdk.security.auth module. */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return "root".equals(System.getProperty("user.name"));
    }
}
