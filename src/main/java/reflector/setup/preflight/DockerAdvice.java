package reflector.setup.preflight;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import reflector.setup.docker.DockerUnavailableException;

/** What to do when the engine does not answer: install it (exact commands), start it, or point at it. */
public final class DockerAdvice {
    private DockerAdvice() {}

    /** @param env this process's environment, for the PATH the docker CLI is looked for on */
    public static String unavailable(DockerUnavailableException e, Map<String, String> env) {
        return unavailable(e, OsRelease.ofThisSystem(), dockerCliInstalled(env));
    }

    static String unavailable(DockerUnavailableException e, OsRelease os, boolean cliInstalled) {
        if (!e.endpointFound() && !cliInstalled) {
            return "Docker is not installed. "
                    + DockerInstallGuide.forSystem(os, DockerInstallGuide.Missing.ENGINE, "")
                            .text(true);
        }
        if (!e.endpointFound()) {
            return "Docker is installed but not running: start it with `sudo systemctl start docker` "
                    + "(rootless Docker: `systemctl --user start docker`), or point DOCKER_HOST at it";
        }
        return "start Docker (e.g. `sudo systemctl start docker`) or point DOCKER_HOST at it";
    }

    /** The docker CLI is on the PATH. */
    public static boolean dockerCliInstalled(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "docker"))) {
                return true;
            }
        }
        return false;
    }
}
