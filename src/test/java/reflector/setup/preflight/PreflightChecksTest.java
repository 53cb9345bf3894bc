package reflector.setup.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.ModelMode;
import reflector.setup.config.OllamaMode;
import reflector.setup.config.PullPolicy;
import reflector.setup.config.S3Settings;
import reflector.setup.config.Settings;
import reflector.setup.config.StepSelection;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.PublishedPort;
import reflector.setup.support.FakeDocker;

/** Port and version checks, with the machine's real ports kept out by a stand-in lookup. */
class PreflightChecksTest {
    static final Settings CPU = new Settings(Path.of("/tmp/reflector"), ModelMode.CPU, OllamaMode.NONE, Optional.empty(),
            false, false, Optional.empty(), false, PullPolicy.always, AuthRequest.keep(), Optional.of("192.0.2.10"),
            Optional.empty(), Optional.empty(), S3Settings.none(), Optional.empty(), false, false, Set.of(),
            StepSelection.all());

    final FakeDocker docker = new FakeDocker();

    @Test
    void aPortHeldByAnotherContainerIsNamed() {
        docker.containers.add(new ContainerInfo("x1", "someone-elses-proxy", "other", "proxy", "nginx", "running",
                Optional.empty(), "Up", List.of(new PublishedPort("0.0.0.0", 3000, 3000, "tcp"))));
        var result = PortCheck.ports(HostPort.forProfiles(CPU.profiles()), docker, port -> Optional.empty());
        assertEquals(CheckResult.Status.FAIL, result.status());
        assertEquals("3000/tcp (for web) held by container someone-elses-proxy (project other)", result.message());
    }

    @Test
    void aPortHeldByAProgramIsNamedAndTheWebRtcRangeSummarised() {
        var result = PortCheck.ports(HostPort.forProfiles(CPU.profiles()), docker,
                port -> port.port() == 1250 || port.port() >= 50000 ? Optional.of("nginx (pid 42)") : Optional.empty());
        assertEquals("1250/tcp (for server) held by nginx (pid 42); "
                + "WebRTC ports 50000-50100/udp (for server) 101 of them held by nginx (pid 42)", result.message());
    }

    @Test
    void aRestartingServiceOfThisDeploymentStillOwnsItsPorts() {
        docker.containers.add(FakeDocker.container("server", "restarting", null));
        var result = PortCheck.ports(HostPort.forProfiles(CPU.profiles()), docker,
                port -> "server".equals(port.service()) ? Optional.of("docker-proxy (pid 7)") : Optional.empty());
        assertEquals(CheckResult.Status.PASS, result.status(), result.message());
    }

    @Test
    void thisDeploymentsOwnPortsAreFine() {
        docker.containers.add(new ContainerInfo("x1", "reflector-web-1", "reflector", "web", "frontend", "running",
                Optional.empty(), "Up", List.of(new PublishedPort("127.0.0.1", 3000, 3000, "tcp"))));
        var result = PortCheck.ports(HostPort.forProfiles(CPU.profiles()), docker,
                port -> port.port() == 3000 ? Optional.of("docker-proxy (pid 7)") : Optional.empty());
        assertEquals(CheckResult.Status.PASS, result.status(), result.message());
    }

    @Test
    void versionsAreComparedByMajorAndMinor() {
        assertTrue(VersionChecks.atLeast("26.1.5+dfsg1", new int[] {25, 0}));
        assertTrue(VersionChecks.atLeast("v2.26.1-desktop.1", new int[] {2, 20}));
        assertFalse(VersionChecks.atLeast("2.19.9", new int[] {2, 20}));
        assertFalse(VersionChecks.atLeast("unknown", new int[] {2, 20}));
    }

}
