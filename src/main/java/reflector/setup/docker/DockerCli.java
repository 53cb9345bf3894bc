package reflector.setup.docker;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The docker CLI for what streams bytes both ways: `docker exec -i` and throwaway helper
 * containers (`docker run --rm -i`). The caller's stdin is pumped into the command, its stdout
 * copied to the caller's stream, its stderr kept (the last {@value #STDERR_LIMIT} bytes) for the
 * message. The child's environment is filtered as Compose's is ({@link ComposeCli#childEnvironment}),
 * and nothing secret is ever on its command line.
 */
final class DockerCli {
    static final int STDERR_LIMIT = 8192;

    private final String docker;
    private final Map<String, String> inherited;
    private final Map<String, String> environment;

    DockerCli(Map<String, String> environment) {
        this("docker", System.getenv(), environment);
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
     * is involved.
     */
    static List<String> helperArgs(String image, String volume, boolean readOnly, List<String> command, boolean stdin) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        List<String> args = new ArrayList<>(List.of("run", "--rm"));
        if (stdin) {
            args.add("-i");
        }
        args.addAll(List.of("--network", "none", "--user", "0:0", "--label", "reflector-setup.helper=true",
                "--volume", volume + ":/volume" + (readOnly ? ":ro" : ""), "--entrypoint", command.get(0), image));
        args.addAll(command.subList(1, command.size()));
        return args;
    }

    ExecResult run(List<String> args, InputStream stdin, OutputStream stdout, Duration timeout) {
        List<String> argv = new ArrayList<>();
        argv.add(docker);
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(ComposeCli.childEnvironment(inherited, environment));
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        String shown = "docker " + args.get(0);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DockerOperationException("cannot run `" + shown + "`: " + e.getMessage(), e);
        }
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread errors = daemon("docker-cli-stderr", () -> {
            try (InputStream in = process.getErrorStream()) {
                byte[] buffer = new byte[4096];
                for (int n; (n = in.read(buffer)) > 0;) {
                    synchronized (stderr) {
                        stderr.write(buffer, 0, n);
                        if (stderr.size() > 2 * STDERR_LIMIT) {
                            byte[] kept = stderr.toByteArray();
                            stderr.reset();
                            stderr.write(kept, kept.length - STDERR_LIMIT, STDERR_LIMIT);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        Thread feeder = stdin == null ? null : daemon("docker-cli-stdin", () -> {
            try (OutputStream in = process.getOutputStream()) {
                stdin.transferTo(in);
            } catch (IOException brokenPipe) {
                // the command stopped reading: its exit code tells
            }
        });
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = daemon("docker-cli-watchdog", () -> {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            try (InputStream out = process.getInputStream()) {
                out.transferTo(stdout == null ? OutputStream.nullOutputStream() : stdout);
            } catch (IOException e) {
                process.destroyForcibly();
                throw new DockerOperationException("`" + shown + "`: writing its output failed: " + e.getMessage(), e);
            }
            int exit = process.waitFor();
            errors.join(5000);
            if (feeder != null) {
                feeder.join(5000);
            }
            if (timedOut.get()) {
                throw new DockerOperationException("`" + shown + "` did not finish within " + DockerAdapter.seconds(timeout));
            }
            String err;
            synchronized (stderr) {
                err = stderr.toString(StandardCharsets.UTF_8);
            }
            // A command that stops reading once it has what it needs (tar at its end-of-archive
            // blocks) breaks the pipe; its exit code says whether that was a failure.
            return new ExecResult(exit, err.length() > STDERR_LIMIT ? err.substring(err.length() - STDERR_LIMIT) : err);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DockerOperationException("interrupted while running `" + shown + "`", e);
        } finally {
            watchdog.interrupt();
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
