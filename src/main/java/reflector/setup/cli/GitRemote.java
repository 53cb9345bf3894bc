package reflector.setup.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import reflector.setup.core.InstallerException;
import reflector.setup.process.ProcessRunner;

/** Resolves a branch or tag of a Git repository to its commit with `git ls-remote`, at install time. */
final class GitRemote {
    static final long TIMEOUT_SECONDS = 60;

    /** The commit the ref names now; empty when the repository has no such branch or tag. */
    Optional<String> resolve(String repository, String ref) {
        List<String> command = List.of(
                "git",
                "ls-remote",
                "--",
                repository,
                "refs/heads/" + ref,
                "refs/tags/" + ref + "^{}",
                "refs/tags/" + ref);
        try {
            ProcessRunner.Result result = ProcessRunner.command(command)
                    .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                    .killGrace(Duration.ZERO)
                    .run();
            if (result.timedOut()) {
                throw InstallerException.environment("git ls-remote did not answer within " + TIMEOUT_SECONDS + " s");
            }
            if (result.exitCode() != 0) {
                throw InstallerException.environment(
                        "git ls-remote could not read the repository (exit " + result.exitCode() + ")");
            }
            return pick(result.output(), ref);
        } catch (IOException e) {
            throw InstallerException.environment("cannot run git to resolve '" + ref + "': " + e.getMessage()
                    + " (install git, or give a release tag or a full commit)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw InstallerException.environment("interrupted while resolving '" + ref + "'");
        }
    }

    /** An annotated tag's commit (the ^{} line) wins over the tag object; a branch over a tag. */
    static Optional<String> pick(String lsRemoteOutput, String ref) {
        String branch = null;
        String peeledTag = null;
        String tag = null;
        for (String line : lsRemoteOutput.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length != 2 || !fields[0].matches("[0-9a-f]{40}")) {
                continue;
            }
            switch (fields[1].equals("refs/heads/" + ref)
                    ? "branch"
                    : fields[1].equals("refs/tags/" + ref + "^{}")
                            ? "peeled"
                            : fields[1].equals("refs/tags/" + ref) ? "tag" : "") {
                case "branch" -> branch = fields[0];
                case "peeled" -> peeledTag = fields[0];
                case "tag" -> tag = fields[0];
                default -> {}
            }
        }
        return Optional.ofNullable(branch != null ? branch : peeledTag != null ? peeledTag : tag);
    }
}
