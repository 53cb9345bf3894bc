package reflector.setup.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker CLI runner against a script that stands in for `docker`: streams, exit codes, environment. */
class DockerCliTest {
    @TempDir
    Path dir;

    DockerCli cli(String script) throws Exception {
        Path docker = dir.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        return new DockerCli(
                docker.toString(),
                Map.of("PATH", System.getenv("PATH"), "REFLECTOR_S3_SECRET_ACCESS_KEY", "s3cr3t", "HOME", "/tmp"),
                Map.of("DOCKER_HOST", "unix:///x.sock"));
    }

    @Test
    void stdinGoesInAndStdoutComesOutByteForByte() throws Exception {
        byte[] input = new byte[300_000];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) i;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult result = cli("cat")
                .run(List.of("exec", "-i", "x", "cat"), new ByteArrayInputStream(input), out, Duration.ofSeconds(20));
        assertEquals(0, result.exitCode(), result.stderr());
        assertArrayEquals(input, out.toByteArray());
    }

    @Test
    void theExitCodeAndStderrAreKept() throws Exception {
        ExecResult result = cli("echo 'pg_dump: error: connection failed' >&2; exit 3")
                .run(List.of("exec", "x", "pg_dump"), null, new ByteArrayOutputStream(), Duration.ofSeconds(20));
        assertEquals(3, result.exitCode());
        assertTrue(result.stderr().contains("connection failed"), result.stderr());
    }

    @Test
    void anEngineThatStoppedAnsweringIsTheEnginesFailureNotTheCommands() throws Exception {
        DockerCli gone = cli(
                "echo 'Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?' >&2; exit 1");
        DockerUnavailableException e = assertThrows(
                DockerUnavailableException.class,
                () -> gone.run(
                        List.of("exec", "x", "psql"), null, new ByteArrayOutputStream(), Duration.ofSeconds(20)));
        assertTrue(
                e.getMessage().startsWith("`docker exec`: the Docker engine stopped answering: Cannot connect"),
                e.getMessage());

        ExecResult quoted = cli("echo 'psql: error: Cannot connect to the Docker daemon at ...' >&2; exit 2")
                .run(List.of("exec", "x", "psql"), null, new ByteArrayOutputStream(), Duration.ofSeconds(20));
        assertEquals(2, quoted.exitCode(), "the same words from the command inside are its own failure");
    }

    @Test
    void theChildSeesDockerHostButNoInstallerSecrets() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cli("env").run(List.of("version"), null, out, Duration.ofSeconds(20));
        String env = out.toString(StandardCharsets.UTF_8);
        assertTrue(env.contains("DOCKER_HOST=unix:///x.sock"), env);
        assertFalse(env.contains("s3cr3t"), env);
    }

    @Test
    void argumentsNameTheContainerOrTheHelperWithoutAShell() {
        assertEquals(
                List.of("exec", "-i", "abc", "psql", "-U", "reflector"),
                DockerCli.execArgs("abc", List.of("psql", "-U", "reflector"), true));
        assertEquals(
                List.of(
                        "run",
                        "--rm",
                        "--network",
                        "none",
                        "--log-driver",
                        "none",
                        "--user",
                        "0:0",
                        "--label",
                        "reflector-setup.helper=true",
                        "--volume",
                        "p_server_data:/volume:ro",
                        "--entrypoint",
                        "tar",
                        "postgres:17-alpine",
                        "-C",
                        "/volume",
                        "-cf",
                        "-",
                        "."),
                DockerCli.helperArgs(
                        "postgres:17-alpine",
                        "p_server_data",
                        true,
                        List.of("tar", "-C", "/volume", "-cf", "-", "."),
                        false));
        assertEquals(
                List.of(
                        "run",
                        "--rm",
                        "--network",
                        "none",
                        "--log-driver",
                        "none",
                        "--user",
                        "0:0",
                        "--label",
                        "reflector-setup.helper=true",
                        "--volume",
                        "tmp:/from:ro",
                        "--volume",
                        "p_server_data:/to",
                        "--entrypoint",
                        "sh",
                        "postgres:17-alpine",
                        "-c",
                        "cp"),
                DockerCli.helperArgs(
                        "postgres:17-alpine",
                        List.of("tmp:/from:ro", "p_server_data:/to"),
                        List.of("sh", "-c", "cp"),
                        false));
    }

    @Test
    void logFramesBecomeLinesAlsoWhenALineIsSplitAcrossFrames() {
        List<String> lines = new ArrayList<>();
        ContainerLogs.LineCollector collector = new ContainerLogs.LineCollector(lines::add);
        collector.onNext(new Frame(StreamType.STDOUT, "one\ntw".getBytes(StandardCharsets.UTF_8)));
        collector.onNext(new Frame(StreamType.STDERR, "o\r\nthree".getBytes(StandardCharsets.UTF_8)));
        collector.flush();
        assertEquals(List.of("one", "two", "three"), lines);
    }
}
