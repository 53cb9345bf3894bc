package reflector.setup.docker;

import java.util.List;

/**
 * `docker compose` for the deployment: a fixed project name, the deployment's compose file and
 * the profiles of this install. Output lines go to the listener as they come. Actions on a single
 * container (e.g. a restart) go through the Engine API instead: {@link Docker#restartContainer}.
 */
public interface ComposeProject {

    /** `config --quiet`: the compose file is valid with these profiles. */
    void validate();

    void build(List<String> services);

    /**
     * `config --format json`: the host ports each service of the active profiles publishes and the
     * images it builds, read from the compose file as it is (the user may have edited it); works
     * before the env files exist (then not interpolated).
     */
    ComposeConfig config();

    /** `up --detach` for the given services (all of the active profiles when empty). */
    void up(List<String> services);

    /** `down`: stops and removes the project's containers and network; volumes are kept. */
    void down();
}
