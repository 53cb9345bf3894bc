package reflector.setup.docker;

import java.util.Optional;

/**
 * The installed Compose V2 plugin as one `docker compose` run finds it: its version (empty when
 * the plugin is missing) and whether it takes `--progress` as a global flag. Asked once per
 * {@link DockerAdapter}: every `docker compose` run costs a docker CLI and a plugin start.
 */
public record ComposePlugin(Optional<String> version, boolean globalProgress) {
    public static final ComposePlugin MISSING = new ComposePlugin(Optional.empty(), false);
}
