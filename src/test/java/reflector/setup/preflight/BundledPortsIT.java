package reflector.setup.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.docker.ComposeCli;

/**
 * On a fresh install the preflight checks the ports of the bundled compose file before it is
 * written, from HostPort's table; real `docker compose config` on the bundled file must agree.
 */
class BundledPortsIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu,ollama-gpu,garage,caddy", "cpu,ollama-cpu,caddy", "gpu,garage"})
    void theTableMatchesTheBundledComposeFile(String profileList) throws Exception {
        Path repo = Path.of(System.getProperty("reflector.repo.dir", "."));
        Files.copy(repo.resolve(DeploymentFiles.COMPOSE_FILE), dir.resolve(DeploymentFiles.COMPOSE_FILE));
        List<String> profiles = List.of(profileList.split(","));

        Set<HostPort> fromCompose = new HashSet<>();
        new ComposeCli("rstest-ports", dir, profiles, line -> {}, Map.of(), ComposeCli.DEFAULT_TIMEOUT, System.getenv())
                .config()
                .publishedPorts()
                .forEach((service, ports) -> ports.forEach(port ->
                        fromCompose.add(new HostPort(service, port.hostIp(), port.hostPort(), port.protocol()))));

        assertEquals(Set.copyOf(HostPort.forProfiles(profiles)), fromCompose);
    }
}
