package reflector.setup.config;

import java.util.Optional;
import java.util.Set;

/**
 * What this run does to the deployment: whether it writes anything, which steps run, how images
 * are got, which preflight checks are ignored, and what happens to stored objects on a storage move.
 *
 * @param build       --build: the backend and frontend images are built here
 * @param pull        whether the prebuilt images are pulled (not with --build)
 * @param moveStorage what to do with the stored objects when this run moves the storage to another
 *                    bucket (--move-storage); empty: not said, and such a run is refused
 */
public record RunSettings(
        boolean dryRun,
        boolean build,
        PullPolicy pull,
        boolean forceCaddyfile,
        Set<String> ignoredPreflightChecks,
        StepSelection steps,
        Optional<MoveStorage> moveStorage) {

    public boolean preflightIgnored(String check) {
        return ignoredPreflightChecks.contains("all") || ignoredPreflightChecks.contains(check);
    }
}
