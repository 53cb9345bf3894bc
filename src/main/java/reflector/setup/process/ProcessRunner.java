package reflector.setup.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs one child process, for the installer and its tests alike. Stdin is /dev/null, or a stream
 * of the caller's; the environment is the caller's (see {@link #environment(Map, Predicate, Map)}
 * for leaving variables out); output is read as it comes, on threads of its own, so that a child
 * that hangs cannot hold up the caller past the time limit. Each line goes to a listener, and the
 * text, or only its last lines, is kept; or the bytes go to a stream of the caller's as they are
 * (`docker exec -i` of a database dump). At the time limit, or when the caller is interrupted or
 * the listener (or the stream) throws, the child and everything it started get SIGTERM and, after
 * a grace period, SIGKILL.
 *
 * <pre>ProcessRunner.command(List.of("docker", "compose", "version")).timeout(Duration.ofSeconds(20)).run()</pre>
 */
public final class ProcessRunner {
    /** What becomes of the child's stderr. */
    public enum Errors {
        MERGE,
        CAPTURE,
        DISCARD
    }

    /** How long the output readers may take to finish once the child has exited. */
    static final Duration READER_GRACE = Duration.ofSeconds(5);

    private final List<String> argv;
    private Path directory;
    private Map<String, String> environment;
    private Errors errors = Errors.MERGE;
    private Consumer<String> lines = line -> {};
    private int keepLines = Integer.MAX_VALUE;
    private Duration timeout = Duration.ofMinutes(5);
    private Duration killGrace = Duration.ofSeconds(10);
    private InputStream input;
    private OutputStream rawOutput;
    private int keepErrorChars = Integer.MAX_VALUE;

    private ProcessRunner(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    public static ProcessRunner command(List<String> argv) {
        return new ProcessRunner(argv);
    }

    /**
     * What a finished (or stopped) child left.
     *
     * @param output    the text on stdout (with stderr when merged); empty when only the last lines are kept
     * @param lastLines the last lines of that output, as many as were asked to be kept (all by default)
     * @param errors    the text on stderr when it is captured apart
     * @param timedOut  whether the child was stopped at the time limit
     */
    public record Result(int exitCode, String output, List<String> lastLines, String errors, boolean timedOut) {}

    /** The working directory (default: the caller's). */
    public ProcessRunner directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /** The child's whole environment (default: the caller's, as it is). */
    public ProcessRunner environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    /**
     * An environment made from {@code inherited} without the variables {@code leaveOut} names, then
     * {@code extra} on top (the caller's explicit choices are kept as given).
     */
    public static Map<String, String> environment(
            Map<String, String> inherited, Predicate<String> leaveOut, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(inherited);
        env.keySet().removeIf(leaveOut);
        env.putAll(extra);
        return env;
    }

    /**
     * The child's stdin: these bytes, then end of file (default: /dev/null). Fed on a thread of its
     * own; a child that stops reading ends the feeding quietly, and its exit code tells.
     */
    public ProcessRunner input(InputStream input) {
        this.input = input;
        return this;
    }

    /**
     * The child's stdout goes to this stream byte for byte, instead of being read as lines (no
     * listener is called and no text kept). If writing to it fails, the child is stopped and
     * run() throws {@link OutputFailure}.
     */
    public ProcessRunner output(OutputStream output) {
        this.rawOutput = Objects.requireNonNull(output);
        return this;
    }

    /** Keeps only the last {@code count} characters of captured stderr (for a long, chatty command). */
    public ProcessRunner keepLastErrorChars(int count) {
        this.keepErrorChars = count;
        return this;
    }

    /** Writing the child's stdout to the caller's stream failed (see {@link #output}). */
    public static final class OutputFailure extends IOException {
        private static final long serialVersionUID = 1L;

        OutputFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    public ProcessRunner errors(Errors errors) {
        this.errors = Objects.requireNonNull(errors);
        return this;
    }

    /** Each output line, as it comes (on a reader thread). If it throws, the child is stopped and run() rethrows. */
    public ProcessRunner onLine(Consumer<String> lines) {
        this.lines = Objects.requireNonNull(lines);
        return this;
    }

    /** Keeps only the last {@code count} lines of output, and not the whole text (for long, chatty commands). */
    public ProcessRunner keepLastLines(int count) {
        this.keepLines = count;
        return this;
    }

    public ProcessRunner timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout);
        return this;
    }

    /** How long a stopped child may clean up after SIGTERM before SIGKILL; zero kills at once. */
    public ProcessRunner killGrace(Duration killGrace) {
        this.killGrace = Objects.requireNonNull(killGrace);
        return this;
    }

    /**
     * Runs the child to its end, or until the time limit stops it.
     *
     * @throws OutputFailure       when writing its stdout to the caller's stream failed (see {@link #output})
     * @throws IOException          when it cannot be started (e.g. the program is not installed)
     * @throws InterruptedException when the caller is interrupted; the child is stopped first
     */
    public Result run() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (input == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        switch (errors) {
            case MERGE -> builder.redirectErrorStream(true);
            case DISCARD -> builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            case CAPTURE -> {}
        }
        Process process = builder.start();
        Thread feeder = input == null ? null : feed(process);
        Output out = rawOutput != null
                ? new Output(process.getInputStream(), rawOutput, process)
                : new Output(
                        process.getInputStream(),
                        lines,
                        keepLines,
                        keepLines == Integer.MAX_VALUE,
                        Integer.MAX_VALUE,
                        process);
        Output err = errors == Errors.CAPTURE
                ? new Output(process.getErrorStream(), line -> {}, Integer.MAX_VALUE, true, keepErrorChars, process)
                : null;
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                stop(process);
            }
            process.waitFor();
            out.finish();
            if (err != null) {
                err.finish();
            }
            if (feeder != null) {
                feeder.join(READER_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        }
        if (out.listenerFailure != null) {
            throw out.listenerFailure;
        }
        if (out.writeFailure != null) {
            throw new OutputFailure(out.writeFailure);
        }
        return new Result(process.exitValue(), out.text(), out.lastLines(), err == null ? "" : err.text(), timedOut);
    }

    /** Pumps {@link #input} into the child's stdin, then closes it. */
    private Thread feed(Process process) {
        Thread feeder = new Thread(
                () -> {
                    try (OutputStream stdin = process.getOutputStream()) {
                        input.transferTo(stdin);
                    } catch (IOException brokenPipe) {
                        // the child stopped reading: its exit code tells
                    }
                },
                "process-input");
        feeder.setDaemon(true);
        feeder.start();
        return feeder;
    }

    /** SIGTERM to the child and whatever it started, then SIGKILL after the grace period. */
    private void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (killGrace.isZero()) {
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            return;
        }
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(killGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Reads one stream to its end on a thread of its own: lines as BufferedReader splits them (\n, \r or \r\n). */
    private final class Output {
        private final Thread thread;
        private final StringBuilder text = new StringBuilder();
        private final Deque<String> last = new ArrayDeque<>();
        private final int keep;
        private final boolean keepText;
        private final int keepChars;
        private volatile RuntimeException listenerFailure;
        private volatile IOException writeFailure;

        Output(
                InputStream stream,
                Consumer<String> listener,
                int keep,
                boolean keepText,
                int keepChars,
                Process process) {
            this.keep = keep;
            this.keepText = keepText;
            this.keepChars = keepChars;
            this.thread = new Thread(() -> read(stream, listener, process), "process-output");
            thread.setDaemon(true);
            thread.start();
        }

        /** The stream's bytes copied as they are to {@code target}; no lines, no text. */
        Output(InputStream stream, OutputStream target, Process process) {
            this.keep = 0;
            this.keepText = false;
            this.keepChars = 0;
            this.thread = new Thread(() -> copy(stream, target, process), "process-output");
            thread.setDaemon(true);
            thread.start();
        }

        private void copy(InputStream stream, OutputStream target, Process process) {
            byte[] buffer = new byte[65536];
            try (stream) {
                for (int n; (n = stream.read(buffer)) >= 0; ) {
                    try {
                        target.write(buffer, 0, n);
                    } catch (IOException e) {
                        writeFailure = e;
                        stop(process);
                        return;
                    }
                }
            } catch (IOException e) {
                // the stream broke (the child was killed): the exit code tells the rest
            }
        }

        private void read(InputStream stream, Consumer<String> listener, Process process) {
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder();
                boolean afterCr = false;
                char[] buffer = new char[8192];
                int n;
                while ((n = reader.read(buffer)) >= 0) {
                    synchronized (this) {
                        if (keepText) {
                            text.append(buffer, 0, n);
                            if (text.length() > 2L * keepChars) {
                                text.delete(0, text.length() - keepChars);
                            }
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        char c = buffer[i];
                        if (c == '\n' && afterCr) {
                            afterCr = false;
                            continue;
                        }
                        afterCr = c == '\r';
                        if (c == '\n' || c == '\r') {
                            line(line.toString(), listener, process);
                            line.setLength(0);
                        } else {
                            line.append(c);
                        }
                    }
                }
                if (!line.isEmpty()) {
                    line(line.toString(), listener, process);
                }
            } catch (IOException e) {
                // the stream broke (the child was killed): the exit code tells the rest
            }
        }

        private void line(String line, Consumer<String> listener, Process process) {
            synchronized (this) {
                last.addLast(line);
                if (last.size() > keep) {
                    last.removeFirst();
                }
            }
            if (listenerFailure == null) {
                try {
                    listener.accept(line);
                } catch (RuntimeException e) {
                    listenerFailure = e;
                    stop(process);
                }
            }
        }

        void finish() throws InterruptedException {
            thread.join(READER_GRACE.toMillis());
        }

        synchronized String text() {
            return text.length() > keepChars ? text.substring(text.length() - keepChars) : text.toString();
        }

        synchronized List<String> lastLines() {
            return List.copyOf(last);
        }
    }
}
