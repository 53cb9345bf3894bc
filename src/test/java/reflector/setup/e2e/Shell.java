package reflector.setup.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to the end and keeps its output, for the end-to-end tests. */
final class Shell {
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Shell() {
    }

    static Result run(Map<String, String> env, long timeoutSeconds, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            Path out = java.nio.file.Files.createTempFile("e2e-out", ".txt");
            Path err = java.nio.file.Files.createTempFile("e2e-err", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command
                        + "\n" + java.nio.file.Files.readString(err));
            }
            Result result = new Result(process.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
            java.nio.file.Files.delete(out);
            java.nio.file.Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result run(String... command) {
        return run(Map.of(), 300, List.of(command));
    }

    /** The installer jar Maven built, run as a user would. */
    static Result installer(Map<String, String> env, String... args) {
        String jar = System.getProperty("reflector.setup.jar", "target/reflector-setup.jar");
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar));
        command.addAll(List.of(args));
        return run(env, 1200, command);
    }
}
