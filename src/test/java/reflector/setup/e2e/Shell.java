package reflector.setup.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reflector.setup.process.ProcessRunner;

/** Runs a command to the end and keeps its output, for the end-to-end tests. */
final class Shell {
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Shell() {}

    static Result run(Map<String, String> env, long timeoutSeconds, List<String> command) {
        try {
            ProcessRunner.Result result = ProcessRunner.command(command)
                    .environment(ProcessRunner.environment(System.getenv(), name -> false, env))
                    .errors(ProcessRunner.Errors.CAPTURE)
                    .timeout(Duration.ofSeconds(timeoutSeconds))
                    .killGrace(Duration.ZERO)
                    .run();
            if (result.timedOut()) {
                throw new AssertionError(
                        "timed out after " + timeoutSeconds + " s: " + command + "\n" + result.errors());
            }
            return new Result(result.exitCode(), result.output(), result.errors());
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
