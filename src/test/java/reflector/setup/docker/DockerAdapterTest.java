package reflector.setup.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.core.DockerClientConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reflector.setup.core.ExitCode;

/** The parts of {@link DockerAdapter} that need no engine. */
class DockerAdapterTest {

    /** docker-java's own mapper: it keeps unmodelled fields in getRawValues(), as on the wire. */
    private static final ObjectMapper JSON = DockerClientConfig.getDefaultObjectMapper();

    @Test
    void referencesSplitLikeTheDockerCli() {
        assertArrayEquals(new String[] {"redis", "latest"}, ImagePulls.splitReference("redis"));
        assertArrayEquals(new String[] {"redis", "7.2-alpine"}, ImagePulls.splitReference("redis:7.2-alpine"));
        assertArrayEquals(
                new String[] {"localhost:5000/team/app", "latest"},
                ImagePulls.splitReference("localhost:5000/team/app"));
        assertArrayEquals(
                new String[] {"localhost:5000/team/app", "v1"},
                ImagePulls.splitReference("localhost:5000/team/app:v1"));
        assertArrayEquals(
                new String[] {"ollama/ollama", "sha256:abc"}, ImagePulls.splitReference("ollama/ollama@sha256:abc"));
        assertArrayEquals(
                new String[] {"ollama/ollama", "sha256:abc"},
                ImagePulls.splitReference("ollama/ollama:0.5@sha256:abc"));
    }

    @Test
    void healthFromTheStatusText() {
        assertEquals(Optional.of("healthy"), ContainerListing.healthFromStatus("Up 5 minutes (healthy)"));
        assertEquals(Optional.of("unhealthy"), ContainerListing.healthFromStatus("Up 1 minute (unhealthy)"));
        assertEquals(Optional.of("starting"), ContainerListing.healthFromStatus("Up 2 seconds (health: starting)"));
        assertEquals(Optional.empty(), ContainerListing.healthFromStatus("Up 5 minutes"));
        assertEquals(Optional.empty(), ContainerListing.healthFromStatus("Exited (0) 3 hours ago"));
        assertEquals(Optional.empty(), ContainerListing.healthFromStatus("Up 3 minutes (Paused)"));
        assertEquals(Optional.empty(), ContainerListing.healthFromStatus(null));
        assertTrue(ContainerListing.needsInspectForHealth("paused", "Up 3 minutes (Paused)"));
        assertFalse(ContainerListing.needsInspectForHealth("running", "Up 3 minutes"));
        assertFalse(ContainerListing.needsInspectForHealth("exited", "Exited (1) 2 minutes ago"));
    }

    @Test
    void healthFromANewerEnginesListEntry() {
        assertEquals(
                Optional.of("healthy"),
                ContainerListing.healthFromSummary(Map.of("Status", "healthy", "FailingStreak", 0)));
        assertEquals(Optional.empty(), ContainerListing.healthFromSummary(Map.of("Status", "none")));
        assertEquals(Optional.empty(), ContainerListing.healthFromSummary(null));
    }

    @Test
    void onlyPublishedPortsCountAndDuplicatesCollapse() throws IOException {
        ContainerPort[] ports = JSON.readValue(
                """
                [{"IP":"127.0.0.1","PrivatePort":8080,"PublicPort":32768,"Type":"tcp"},
                 {"IP":"127.0.0.1","PrivatePort":8080,"PublicPort":32768,"Type":"tcp"},
                 {"IP":"::","PrivatePort":53,"PublicPort":53,"Type":"udp"},
                 {"PrivatePort":5432,"Type":"tcp"}]""",
                ContainerPort[].class);
        assertEquals(
                List.of(new PublishedPort("127.0.0.1", 32768, 8080, "tcp"), new PublishedPort("::", 53, 53, "udp")),
                ContainerListing.ports(ports));
        assertEquals(List.of(), ContainerListing.ports(null));
    }

    @Test
    void namesLoseTheirSlash() {
        assertEquals("reflector-server-1", ContainerListing.name(new String[] {"/reflector-server-1"}));
        assertEquals("", ContainerListing.name(new String[0]));
        assertEquals("", ContainerListing.name(null));
    }

    @Test
    void cdiSpecDirsComeFromTheRawInfo() throws IOException {
        Info withCdi = JSON.readValue("{\"CDISpecDirs\":[\"/etc/cdi\",\"/var/run/cdi\"],\"MemTotal\":1}", Info.class);
        assertEquals(List.of("/etc/cdi", "/var/run/cdi"), DockerAdapter.cdiSpecDirs(withCdi));
        Info off = JSON.readValue("{\"CDISpecDirs\":[]}", Info.class);
        assertEquals(List.of(), DockerAdapter.cdiSpecDirs(off));
        Info old = JSON.readValue("{\"MemTotal\":1}", Info.class);
        assertEquals(List.of(), DockerAdapter.cdiSpecDirs(old));
    }

    @Test
    void pullProgressAndErrorsAreReported() throws IOException {
        List<String> seen = new ArrayList<>();
        ImagePulls.PullCallback callback = new ImagePulls.PullCallback(
                (id, status, current, total) -> seen.add(id + "|" + status + "|" + current + "|" + total));
        for (String line : List.of(
                "{\"status\":\"Pulling from library/redis\",\"id\":\"7.2-alpine\"}",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":512,\"total\":2048},\"id\":\"a1b2c3\"}",
                "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"a1b2c3\"}",
                "{\"errorDetail\":{\"message\":\"toomanyrequests: rate limit\"},\"error\":\"toomanyrequests: rate limit\"}",
                "{\"error\":\"second error is ignored\"}")) {
            callback.onNext(JSON.readValue(line, PullResponseItem.class));
        }
        assertEquals(
                List.of(
                        "7.2-alpine|Pulling from library/redis|0|0",
                        "a1b2c3|Downloading|512|2048",
                        "a1b2c3|Pull complete|0|0"),
                seen);
        assertEquals(Optional.of("toomanyrequests: rate limit"), callback.error());

        ImagePulls.PullCallback legacy = new ImagePulls.PullCallback((id, status, current, total) -> {});
        legacy.onNext(JSON.readValue("{\"error\":\"manifest unknown\"}", PullResponseItem.class));
        assertEquals(Optional.of("manifest unknown"), legacy.error());
    }

    @Test
    void reasonsAreShortAndLowerCase() {
        assertEquals(
                "no such file or directory",
                EngineErrors.reason(new RuntimeException(new SocketException("No such file or directory"))));
        assertEquals(
                "permission denied",
                EngineErrors.reason(new RuntimeException(new SocketException("Permission denied"))));
        assertEquals(
                "no such file or directory",
                EngineErrors.reason(new RuntimeException(
                        new IOException(new com.sun.jna.LastErrorException("[2] No such file or directory")))));
        assertEquals(
                "connection refused",
                EngineErrors.reason(new RuntimeException(
                        new ConnectException("Connect to http://127.0.0.1:1 failed: Connection refused"))));
        assertEquals(
                "no answer in time",
                EngineErrors.reason(new RuntimeException(new SocketTimeoutException("Read timed out"))));
        assertEquals(
                "No such container: abc (HTTP 404)",
                EngineErrors.reason(new NotFoundException("Status 404: {\"message\":\"No such container: abc\"}\n")));
        assertEquals("boom (HTTP 500)", EngineErrors.reason(new InternalServerErrorException("boom")));
        assertEquals("HTTP 404", EngineErrors.reason(new NotFoundException("Status 404: ")));
    }

    @Test
    void connectionFailuresAreToldApartFromEngineErrors() {
        assertTrue(EngineErrors.isConnectionFailure(new RuntimeException(new SocketException("Connection reset"))));
        assertTrue(EngineErrors.isConnectionFailure(new RuntimeException(new com.sun.jna.LastErrorException(111))));
        assertFalse(EngineErrors.isConnectionFailure(new NotFoundException("Status 404: {}")));
        assertFalse(EngineErrors.isConnectionFailure(new IllegalStateException("no")));
    }

    @Test
    void malformedEndpointsAreRejectedUpFront() {
        DockerUnavailableException e =
                assertThrows(DockerUnavailableException.class, () -> DockerAdapter.connect("bogus", Map.of()));
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
        DockerUnavailableException ssh = assertThrows(
                DockerUnavailableException.class, () -> DockerAdapter.connect("ssh://user@example.invalid", Map.of()));
        assertTrue(ssh.getMessage().contains("ssh://user@example.invalid"), ssh.getMessage());
    }

    /** docker-java would die with an UnsatisfiedLinkError (JNA, kernel32) on the first request. */
    @Test
    void aWindowsNamedPipeIsRefusedOnLinux() {
        DockerUnavailableException e = assertThrows(
                DockerUnavailableException.class,
                () -> DockerAdapter.connect("npipe:////./pipe/docker_engine", Map.of()));
        assertTrue(e.getMessage().contains("Windows named pipe"), e.getMessage());
        assertEquals(ExitCode.ENVIRONMENT, ExitCode.of(e));
        DockerUnavailableException escaped = assertThrows(
                DockerUnavailableException.class,
                () -> DockerAdapter.connect("npipe:////./pipe/\u001b[31mx", Map.of()));
        assertTrue(!escaped.getMessage().contains("\u001b"), "the endpoint is shown escaped: " + escaped.getMessage());
    }

    @Test
    void connectingSendsNothing() {
        // No request until engine(): creating an adapter for a dead endpoint must not fail.
        try (DockerAdapter adapter = DockerAdapter.connect("unix:///nonexistent.sock", Map.of())) {
            assertEquals("unix:///nonexistent.sock", adapter.endpoint());
        }
    }

    @Test
    void shortIdsOnlyShortenHexIds() {
        assertEquals(
                "3af811c3e605",
                EngineErrors.shortId("3af811c3e6050407d3991afbaca56653eab7e57bea84b5b00b26f7aa3a36d037"));
        assertEquals("reflector-server-1", EngineErrors.shortId("reflector-server-1"));
    }
}
