package reflector.setup.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import reflector.setup.config.BuildSources;
import reflector.setup.core.InstallerException;
import reflector.setup.text.SafeText;
import reflector.setup.validation.Validators;

/** The options that name paths, --dir and --source, checked before anything is written: bad input is exit 2. */
final class PathOptions {
    /** Linux's PATH_MAX. */
    static final int MAX_PATH_LENGTH = 4096;

    private PathOptions() {}

    /** --source: a Git URL that is safe to write into .env, or a local checkout (as an absolute path). */
    static Optional<String> source(String given) {
        if (given == null) {
            return Optional.empty();
        }
        String value = given.strip();
        if (value.isEmpty()) {
            throw InstallerException.badInput("--source: must not be empty (give a Reflector checkout or a Git URL)");
        }
        try {
            Validators.noControlCharacters(value);
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput("--source: " + e.getMessage());
        }
        if (BuildSources.isGitUrl(value)) {
            if (value.length() > Validators.MAX_URL_LENGTH) {
                throw InstallerException.badInput("--source: a Git URL of " + value.length()
                        + " characters is too long (at most " + Validators.MAX_URL_LENGTH + ")");
            }
            if (value.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\'' || c == '$' || c == '`' || c == '\\')) {
                throw InstallerException.badInput(
                        "--source: a Git URL must not contain spaces, quotes, backslashes or $");
            }
            return Optional.of(value);
        }
        Path path = localPath("--source", value);
        if (!Files.isDirectory(path)) {
            throw InstallerException.badInput("--source: " + SafeText.quote(path.toString())
                    + " is not a directory (give a Reflector checkout or a Git URL)");
        }
        if (!BuildSources.isWritable(path.toString())) {
            throw InstallerException.badInput("--source: " + SafeText.quote(path.toString())
                    + " cannot be written to .env as it is (a quote, '$' or backslash in the path)");
        }
        return Optional.of(path.toString());
    }

    /**
     * The deployment directory with every symbolic link resolved, so that the run lock and the
     * checks that files stay inside it see through links.
     */
    static Path deploymentDirectory(InstallOptions options) {
        Path dir = options.deploymentDir();
        if (dir.toString().length() > MAX_PATH_LENGTH) {
            throw InstallerException.badInput(
                    "--dir: the path is too long (" + dir.toString().length() + " characters)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw InstallerException.badInput(
                    "--dir: " + SafeText.quote(dir.toString()) + " is a file, not a directory");
        }
        return dir;
    }

    private static Path localPath(String option, String value) {
        if (value.length() > MAX_PATH_LENGTH) {
            throw InstallerException.badInput(option + ": the path is too long (" + value.length() + " characters)");
        }
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw InstallerException.badInput(option + ": " + SafeText.quote(value)
                    + " is not a path this system can use " + "(with a non-UTF-8 locale, run with LANG=C.UTF-8)");
        }
    }
}
