package reflector.setup.files;

import reflector.setup.envfile.EnvFile;

/**
 * The deployment's env files as they were before the run, each read once (by
 * {@link ExistingFiles#check}); a file that does not exist is empty.
 */
public record ExistingEnvFiles(EnvFile root, EnvFile server, EnvFile www) {

    /** A directory without env files: a new deployment. */
    public static ExistingEnvFiles none() {
        return new ExistingEnvFiles(EnvFile.parse(""), EnvFile.parse(""), EnvFile.parse(""));
    }
}
