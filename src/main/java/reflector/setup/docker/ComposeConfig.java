package reflector.setup.docker;

import java.util.List;
import java.util.Map;

/**
 * What `docker compose config` says of the deployment with this run's profiles.
 *
 * @param interpolated   Compose read the env files and filled in every variable, which is the
 *                       validation `config --quiet` does too; false when it could only read the
 *                       file as written (the env files do not exist yet): the ports are then as
 *                       written and the builds are not known
 * @param publishedPorts the host ports of each service of the active profiles
 * @param builds         the services of the active profiles that build an image, by name
 * @param images         the image each service of the active profiles runs, by name (when interpolated)
 * @param fingerprint    a SHA-256 of the whole interpolated configuration, which changes whenever
 *                       Compose would see a service's configuration change; empty when not
 *                       interpolated. The configuration holds the env files' secrets: only this
 *                       hash of it is kept.
 */
public record ComposeConfig(
        boolean interpolated,
        Map<String, List<PublishedPort>> publishedPorts,
        Map<String, ImageBuild> builds,
        Map<String, String> images,
        String fingerprint) {

    public ComposeConfig {
        publishedPorts = Map.copyOf(publishedPorts);
        builds = Map.copyOf(builds);
        images = Map.copyOf(images);
    }

    /** As read without interpolation: the ports only. */
    public static ComposeConfig asWritten(Map<String, List<PublishedPort>> publishedPorts) {
        return new ComposeConfig(false, publishedPorts, Map.of(), Map.of(), "");
    }
}
