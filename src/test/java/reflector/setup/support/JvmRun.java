package reflector.setup.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The installer's main class in a JVM of its own, with exactly the environment, umask and
 * argument bytes of the test's choosing (a locale, no locale at all, bytes that are not UTF-8):
 * what a person, cron or systemd would start. The classes come from the test class path, so no
 * jar needs to be built first. It never talks to Docker: DOCKER_HOST points at a socket that
 * does not exist.
 *
 * <p>The JVM is started by {@code /bin/sh} from a script that spells every byte in octal: Java's
 * ProcessBuilder would encode arguments and variables with the test JVM's own locale, which may
 * not be able to carry them.
 */
public final class JvmRun {
    public static final String NO_DOCKER = "unix:///nonexistent/reflector-setup-test.sock";

    private final Map<String, byte[]> env = new LinkedHashMap<>();
    private final List<byte[]> args = new ArrayList<>();
    private String umask;
    private String classPath = classPath();
    private Integer uid;
    private String mainClass = "reflector.setup.Main";

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public JvmRun() {
        env.put("DOCKER_HOST", NO_DOCKER.getBytes(StandardCharsets.US_ASCII));
    }

    public JvmRun env(String name, String value) {
        return env(name, value.getBytes(StandardCharsets.UTF_8));
    }

    public JvmRun env(String name, byte[] value) {
        env.put(name, value);
        return this;
    }

    public JvmRun umask(String umask) {
        this.umask = umask;
        return this;
    }

    public JvmRun args(String... words) {
        for (String word : words) {
            args.add(word.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /** Runs the JVM as this user (and group) id, through setpriv; the class path must be readable to it. */
    public JvmRun asUser(int id, String readableClassPath) {
        this.uid = id;
        this.classPath = readableClassPath;
        return this;
    }

    /** Another main class from the class path, e.g. one that starts the installer's own in a harness. */
    public JvmRun mainClass(String name) {
        this.mainClass = name;
        return this;
    }

    public JvmRun arg(byte[] raw) {
        args.add(raw);
        return this;
    }

    public Process start() throws IOException {
        StringBuilder script = new StringBuilder();
        if (umask != null) {
            script.append("umask ").append(umask).append('\n');
        }
        for (Map.Entry<String, byte[]> variable : env.entrySet()) {
            script.append(bytes("v", variable.getValue()))
                    .append("export ")
                    .append(variable.getKey())
                    .append("=\"$v\"\n");
        }
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            script.append(bytes("a" + i, args.get(i)));
            words.append(" \"$a").append(i).append('"');
        }
        script.append("unset v\nexec ");
        if (uid != null) {
            script.append("setpriv --reuid=")
                    .append(uid)
                    .append(" --regid=")
                    .append(uid)
                    .append(" --clear-groups ");
        }
        script.append('\'')
                .append(Path.of(System.getProperty("java.home"), "bin", "java"))
                .append("' -Xshare:auto -XX:TieredStopAtLevel=1 -cp '")
                .append(classPath)
                .append("' ")
                .append(mainClass)
                .append(words)
                .append('\n');
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script.toString());
        builder.environment().clear();
        return builder.start();
    }

    public Result run() throws IOException, InterruptedException {
        return finish(start());
    }

    /** Reads the process's output to its end (at most 120 s). */
    public static Result finish(Process process) throws IOException, InterruptedException {
        process.getOutputStream().close();
        Path err = Files.createTempFile("jvmrun", ".err");
        try {
            Thread drain = new Thread(() -> {
                try {
                    Files.write(err, process.getErrorStream().readAllBytes());
                } catch (IOException ignored) {
                    // the test sees what arrived
                }
            });
            drain.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("the installer did not finish within 120 s");
            }
            drain.join();
            return new Result(
                    process.exitValue(),
                    new String(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    public static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** {@code NAME="<bytes>"} in sh, every byte in octal; the 'x' keeps trailing newlines. */
    private static String bytes(String name, byte[] value) {
        StringBuilder octal = new StringBuilder();
        for (byte b : value) {
            octal.append(String.format("\\%03o", b & 0xff));
        }
        return name + "=\"$(printf '" + octal + "'; printf x)\"; " + name + "=\"${" + name + "%x}\"\n";
    }
}
