package reflector.setup.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reflector.setup.process.ProcessRunner;

/**
 * The docker CLI for what streams bytes both ways: `docker exec -i` and throwaway helper
 * containers (`docker run --rm -i`), through {@link ProcessRunner}. The caller's stdin is pumped
 * into the command, its stdout copied to the caller's stream, its stderr kept (the last
 * {@value #STDERR_LIMIT} characters) for the message. The child's environment is filtered as
 * Compose's is ({@link ComposeCli#childEnvironment}), and nothing secret is ever on its command line.
 */
final class DockerCli {
    static final int STDERR_LIMIT = 8192;
    /** How the docker CLI says it could not reach the engine, before running anything. */
    static final String ENGINE_GONE = "Cannot connect to the Docker daemon at ";

    private final String docker;
    private final Map<String, String> inherited;
    private final Map<String, String> environment;

    DockerCli(Map<String, String> inherited, Map<String, String> environment) {
        this("docker", inherited, environment);
    }

    DockerCli(String docker, Map<String, String> inherited, Map<String, String> environment) {
        this.docker = docker;
        this.inherited = Map.copyOf(inherited);
        this.environment = Map.copyOf(environment);
    }

    /** `docker exec [-i] CONTAINER COMMAND...` */
    static List<String> execArgs(String containerId, List<String> command, boolean stdin) {
        List<String> args = new ArrayList<>(List.of("exec"));
        if (stdin) {
            args.add("-i");
        }
        args.add(containerId);
        args.addAll(command);
        return args;
    }

    /**
     * `docker run --rm` of IMAGE as root, without network, with VOLUME at /volume (read-only when
     * asked) and the command's first word as the entrypoint, so that no image entrypoint or shell
     * is involved. Without a log driver: the engine would otherwise also write every byte of a
     * volume's tar into the container's JSON log, which made a copy nine times slower (66 s for
     * 1 GiB instead of 7 s here) and doubled the disk writes.
     */
    static List<String> helperArgs(String image, String volume, boolean readOnly, List<String> command, boolean stdin) {
        return helperArgs(image, List.of(volume + ":/volume" + (readOnly ? ":ro" : "")), command, stdin);
    }

    /** The same, with each of {@code mounts} (`VOLUME:PATH[:ro]`) as a --volume. */
    static List<String> helperArgs(String image, List<String> mounts, List<String> command, boolean stdin) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        List<String> args = new ArrayList<>(List.of("run", "--rm"));
        if (stdin) {
            args.add("-i");
        }
        args.addAll(List.of(
                "--network",
                "none",
                "--log-driver",
                "none",
                "--user",
                "0:0",
                "--label",
                "reflector-setup.helper=true"));
        for (String mount : mounts) {
            args.addAll(List.of("--volume", mount));
        }
        args.addAll(List.of("--entrypoint", command.get(0), image));
        args.addAll(command.subList(1, command.size()));
        return args;
    }

    ExecResult run(List<String> args, InputStream stdin, OutputStream stdout, Duration timeout) {
        List<String> argv = new ArrayList<>();
        argv.add(docker);
        argv.addAll(args);
        String shown = "docker " + args.get(0);
        ProcessRunner.Result result;
        try {
            // At the time limit the CLI is killed at once: it holds no state worth a clean stop.
            result = ProcessRunner.command(argv)
                    .environment(ComposeCli.childEnvironment(inherited, environment))
                    .input(stdin)
                    .output(stdout == null ? OutputStream.nullOutputStream() : stdout)
                    .errors(ProcessRunner.Errors.CAPTURE)
                    .keepLastErrorChars(STDERR_LIMIT)
                    .timeout(timeout)
                    .killGrace(Duration.ZERO)
                    .run();
        } catch (ProcessRunner.OutputFailure e) {
            throw new DockerOperationException("`" + shown + "`: writing its output failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DockerOperationException("cannot run `" + shown + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerOperationException("interrupted while running `" + shown + "`", e);
        }
        if (result.timedOut()) {
            throw new DockerOperationException(
                    "`" + shown + "` did not finish within " + EngineErrors.seconds(timeout));
        }
        if (result.exitCode() != 0 && result.errors().strip().startsWith(ENGINE_GONE)) {
            // The command never ran: reported as the command's own failure, an engine that went
            // away mid-run would read as "psql failed" and be judged a mere warning.
            throw new DockerUnavailableException(
                    "`" + shown + "`: the Docker engine stopped answering: "
                            + result.errors().strip(),
                    null);
        }
        // A command that stops reading once it has what it needs (tar at its end-of-archive
        // blocks) breaks the pipe; its exit code says whether that was a failure.
        return new ExecResult(result.exitCode(), result.errors());
    }
}
