package reflector.setup.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.text.Sha256;

/** Finding the engine without one: variables, contexts and sockets laid out in a temporary directory. */
class DockerEndpointTest {
    @TempDir
    Path root;

    Path home() {
        return root.resolve("home");
    }

    Path systemSocket() {
        return root.resolve("var/run/docker.sock");
    }

    DockerEndpoint discover(Map<String, String> env) {
        return DockerEndpoint.discover(env, home(), systemSocket());
    }

    void context(String name, String host) throws Exception {
        Path meta = home().resolve(".docker/contexts/meta").resolve(Sha256.hex(name));
        Files.createDirectories(meta);
        Files.writeString(
                meta.resolve("meta.json"),
                "{\"Name\":\"" + name + "\",\"Metadata\":{}," + "\"Endpoints\":{\"docker\":{\"Host\":\"" + host
                        + "\",\"SkipTLSVerify\":false}}}");
    }

    void currentContext(String name) throws Exception {
        Files.createDirectories(home().resolve(".docker"));
        Files.writeString(home().resolve(".docker/config.json"), "{\"auths\":{},\"currentContext\":\"" + name + "\"}");
    }

    @Test
    void dockerHostWins() throws Exception {
        Files.createDirectories(systemSocket().getParent());
        Files.createFile(systemSocket());
        DockerEndpoint found = discover(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"));
        assertEquals("tcp://127.0.0.1:2375", found.host());
        assertFalse(found.explicit(), "docker-java and the CLI read DOCKER_HOST themselves");
    }

    @Test
    void theCurrentContextOfConfigJsonIsNamedWithItsEndpoint() throws Exception {
        context("remote", "ssh://deploy@192.0.2.7");
        currentContext("remote");
        DockerEndpoint found = discover(Map.of());
        assertEquals("ssh://deploy@192.0.2.7", found.host());
        assertEquals("ssh://deploy@192.0.2.7 (Docker context 'remote')", found.describe());
        assertFalse(found.explicit());
    }

    @Test
    void dockerContextOverridesConfigJsonAndDefaultMeansNoContext() throws Exception {
        context("rootless", "unix:///run/user/1000/docker.sock");
        currentContext("default");
        assertEquals(
                "unix:///run/user/1000/docker.sock",
                discover(Map.of("DOCKER_CONTEXT", "rootless")).host());
        assertFalse(discover(Map.of()).found(), "the default context is the system socket, which is not there");
    }

    @Test
    void aContextIsFoundByNameWhenItsDirectoryIsNotTheHash() throws Exception {
        Path meta = home().resolve(".docker/contexts/meta/some-dir");
        Files.createDirectories(meta);
        Files.writeString(
                meta.resolve("meta.json"),
                "{\"Name\":\"lab\",\"Endpoints\":{\"docker\":{\"Host\":\"tcp://lab:2376\"}}}");
        assertEquals("tcp://lab:2376", discover(Map.of("DOCKER_CONTEXT", "lab")).host());
    }

    @Test
    void theSystemSocketComesBeforeRootless() throws Exception {
        Files.createDirectories(systemSocket().getParent());
        Files.createFile(systemSocket());
        Path runtime = Files.createDirectories(root.resolve("run/user/1000"));
        Files.createFile(runtime.resolve("docker.sock"));
        DockerEndpoint found = discover(Map.of("XDG_RUNTIME_DIR", runtime.toString()));
        assertEquals("unix://" + systemSocket(), found.host());
        assertFalse(found.explicit());
    }

    @Test
    void rootlessDockerIsFoundAndHandedToTheClients() throws Exception {
        Path runtime = Files.createDirectories(root.resolve("run/user/1000"));
        Files.createFile(runtime.resolve("docker.sock"));
        DockerEndpoint found = discover(Map.of("XDG_RUNTIME_DIR", runtime.toString()));
        assertEquals("unix://" + runtime.resolve("docker.sock"), found.host());
        assertTrue(found.explicit(), "neither docker-java nor the CLI look there by themselves");
        assertEquals("rootless Docker", found.origin());
    }

    @Test
    void nothingFoundSaysWhereItLooked() {
        DockerEndpoint found =
                discover(Map.of("XDG_RUNTIME_DIR", root.resolve("run/user/1000").toString()));
        assertFalse(found.found());
        assertTrue(
                found.origin().contains("/var/run/docker.sock")
                        && found.origin().contains("$XDG_RUNTIME_DIR/docker.sock"),
                found.origin());
    }
}
