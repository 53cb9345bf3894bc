package reflector.setup.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reflector.setup.config.Settings;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.docker.PublishedPort;
import reflector.setup.docker.ServicePorts;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.SettingsBuilder;
import reflector.setup.tls.CertificateProbe;

/** Port and version checks, with the machine's real ports kept out by a stand-in lookup. */
class PreflightChecksTest {
    static final Settings CPU = SettingsBuilder.cpu(Path.of("/tmp/reflector")).build();

    static final Deployment DEPLOYMENT = new Deployment(FakeDocker.PROJECT, Path.of("/tmp/reflector"));

    final FakeDocker docker = new FakeDocker();

    @Test
    void aPortHeldByAnotherContainerIsNamed() {
        docker.containers.add(new ContainerInfo(
                "x1",
                "someone-elses-proxy",
                "other",
                "/srv/other",
                "proxy",
                "nginx",
                "sha256:test-image",
                "running",
                Optional.empty(),
                "Up",
                List.of(new PublishedPort("0.0.0.0", 3000, 3000, "tcp"))));
        var result = PortCheck.ports(
                HostPort.forProfiles(CPU.deployment().profiles()), docker, DEPLOYMENT, port -> Optional.empty());
        assertEquals(CheckResult.Status.FAIL, result.status());
        assertEquals(
                "3000/tcp (for web) held by container someone-elses-proxy (of another deployment: Compose project other in /srv/other)",
                result.message());
    }

    @Test
    void aPortHeldByAProgramIsNamedAndTheWebRtcRangeSummarised() {
        var result = PortCheck.ports(
                HostPort.forProfiles(CPU.deployment().profiles()),
                docker,
                DEPLOYMENT,
                port -> port.port() == 1250 || port.port() >= 50000 ? Optional.of("nginx (pid 42)") : Optional.empty());
        assertEquals(
                "1250/tcp (for server) held by nginx (pid 42); "
                        + "WebRTC ports 50000-50100/udp (for server) 101 of them held by nginx (pid 42)",
                result.message());
    }

    @Test
    void aRestartingServiceOfThisDeploymentStillOwnsItsPorts() {
        docker.containers.add(FakeDocker.container("server", "restarting", null));
        var result = PortCheck.ports(
                HostPort.forProfiles(CPU.deployment().profiles()),
                docker,
                DEPLOYMENT,
                port -> "server".equals(port.service()) ? Optional.of("docker-proxy (pid 7)") : Optional.empty());
        assertEquals(CheckResult.Status.PASS, result.status(), result.message());
    }

    @Test
    void thisDeploymentsOwnPortsAreFine() {
        docker.containers.add(new ContainerInfo(
                "x1",
                "reflector-test-web-1",
                "reflector-test",
                "/tmp/reflector",
                "web",
                "frontend",
                "sha256:test-image",
                "running",
                Optional.empty(),
                "Up",
                List.of(new PublishedPort("127.0.0.1", 3000, 3000, "tcp"))));
        var result = PortCheck.ports(
                HostPort.forProfiles(CPU.deployment().profiles()),
                docker,
                DEPLOYMENT,
                port -> port.port() == 3000 ? Optional.of("docker-proxy (pid 7)") : Optional.empty());
        assertEquals(CheckResult.Status.PASS, result.status(), result.message());
    }

    @Test
    void theChecksRunInTheirListedOrderAndTheirNamesAreTheIgnorableOnes() {
        PreflightContext context = new PreflightContext(
                CPU, () -> docker, DEPLOYMENT, Path.of("/nonexistent/compose.yml"), () -> ServicePorts.BUNDLED);
        List<CheckResult> results =
                PreflightChecks.run(List.of(PreflightChecks.ALL.get(0), PreflightChecks.ALL.get(6)), context);
        assertEquals(
                List.of(
                        "docker-engine",
                        "engine-version",
                        "compose",
                        "project",
                        "migrations",
                        "compose-file",
                        "gpu",
                        "ports",
                        "acme",
                        "disk",
                        "memory"),
                PreflightChecks.names());
        assertEquals(CheckResult.Status.PASS, results.get(0).status());
        assertEquals(
                CheckResult.notChecked("gpu", "no GPU asked for"), results.get(1), "a CPU install asks for no GPU");
    }

    /** The domain check takes the host's resolver, TLS handshakes and time from the context: no real lookup here. */
    @Test
    void theDomainCheckAsksThroughTheContextAndOnlyWithADomain() {
        Settings domain = SettingsBuilder.cpu(Path.of("/tmp/reflector"))
                .domain("reflector.example.com")
                .publicIp(Optional.of("203.0.113.7"))
                .build();
        List<String> lookedUp = new ArrayList<>();
        NameResolver nowhere = host -> {
            lookedUp.add(host);
            throw new UnknownHostException(host);
        };
        CertificateProbe nothingServed = (host, port, name) -> {
            throw new IOException("no certificate in this test");
        };
        AcmeCheck acme = (AcmeCheck) PreflightChecks.ALL.stream()
                .filter(check -> check.name().equals("acme"))
                .findFirst()
                .orElseThrow();
        PreflightContext context = new PreflightContext(
                domain,
                () -> docker,
                DEPLOYMENT,
                Path.of("/nonexistent/compose.yml"),
                () -> ServicePorts.BUNDLED,
                nowhere,
                nothingServed,
                Instant.EPOCH,
                Map.of());
        CheckResult result = PreflightChecks.run(List.of(PreflightChecks.ALL.get(0), acme), context)
                .get(1);
        assertEquals(CheckResult.Status.WARN, result.status(), result.message());
        assertTrue(result.message().startsWith("reflector.example.com does not resolve (yet)"), result.message());
        assertEquals(List.of("reflector.example.com"), lookedUp);

        PreflightContext caddyOnly = new PreflightContext(
                CPU,
                () -> docker,
                DEPLOYMENT,
                Path.of("/nonexistent/compose.yml"),
                () -> ServicePorts.BUNDLED,
                nowhere,
                nothingServed,
                Instant.EPOCH,
                Map.of());
        assertEquals(
                CheckResult.notChecked("acme", "no --domain"),
                PreflightChecks.run(List.of(PreflightChecks.ALL.get(0), acme), caddyOnly)
                        .get(1));
        assertEquals(1, lookedUp.size(), "no lookup without a domain");
    }

    @Test
    void withoutAnEngineTheChecksThatNeedOneAreNotRun() {
        PreflightContext context = new PreflightContext(
                CPU,
                () -> {
                    throw new DockerUnavailableException("cannot reach the Docker engine at x", null);
                },
                DEPLOYMENT,
                Path.of("/nonexistent/compose.yml"),
                () -> ServicePorts.BUNDLED);
        List<CheckResult> results = PreflightChecks.run(context);
        assertEquals(CheckResult.Status.FAIL, results.get(0).status());
        assertEquals(PreflightChecks.names().size(), results.size());
        results.subList(1, results.size())
                .forEach(result ->
                        assertEquals(CheckResult.notChecked(result.name(), "needs the Docker engine"), result));
    }

    @Test
    void versionsAreComparedByMajorAndMinor() {
        assertTrue(EngineVersionCheck.atLeast("26.1.5+dfsg1", new int[] {25, 0}));
        assertTrue(EngineVersionCheck.atLeast("v2.26.1-desktop.1", new int[] {2, 20}));
        assertFalse(EngineVersionCheck.atLeast("2.19.9", new int[] {2, 20}));
        assertFalse(EngineVersionCheck.atLeast("unknown", new int[] {2, 20}));
    }
}
