package reflector.setup.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reflector.setup.process.ProcessRunner;

/**
 * Where a Reflector checkout stands: its HEAD commit and the tags that point at it, read with git.
 * Git is asked rather than .git read by hand, since an annotated tag names a tag object that may
 * sit in a pack. The checkout may belong to another user than the one running the installer, so
 * git's ownership check is waived for this one directory, and only for reading.
 */
final class GitCheckout {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** HEAD's commit and the tags at it. */
    record Head(String commit, List<String> tags) {}

    /** Empty when the directory is no Git work tree or git cannot be run. */
    Optional<Head> head(Path directory) {
        Optional<String> commit = git(directory, "rev-parse", "--verify", "HEAD^{commit}")
                .map(String::strip)
                .filter(sha -> sha.matches("[0-9a-f]{40}"));
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        List<String> tags = git(directory, "tag", "--points-at", "HEAD")
                .map(out -> out.lines()
                        .map(String::strip)
                        .filter(tag -> !tag.isEmpty())
                        .toList())
                .orElse(List.of());
        return Optional.of(new Head(commit.get(), tags));
    }

    private static Optional<String> git(Path directory, String... arguments) {
        List<String> command = new ArrayList<>(
                List.of("git", "-c", "safe.directory=" + directory.toAbsolutePath(), "-C", directory.toString()));
        command.addAll(List.of(arguments));
        try {
            ProcessRunner.Result result = ProcessRunner.command(command)
                    .errors(ProcessRunner.Errors.DISCARD)
                    .timeout(TIMEOUT)
                    .killGrace(Duration.ZERO)
                    .run();
            return result.exitCode() == 0 && !result.timedOut() ? Optional.of(result.output()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
