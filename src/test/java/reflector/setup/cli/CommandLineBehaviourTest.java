package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.support.CliRun;
import reflector.setup.support.FakeDocker;

/** What a user of a picocli tool expects: suggestions, one ERROR line, inherited --dir, a full -V, a log file. */
class CommandLineBehaviourTest {
    static final String SECRET_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    @TempDir
    Path dir;

    @Test
    void aMistypedOptionGetsASuggestion() {
        CliRun.Result result = new CliRun().run("--cpu", "--garag");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("Did you mean --garage?"), result.err());
    }

    @Test
    void aMistypedSubcommandGetsASuggestion() {
        CliRun.Result result = new CliRun().run("statsu");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("Did you mean status?"), result.err());
    }

    @Test
    void mutuallyExclusiveOptionsGiveOneErrorPrefix() {
        CliRun.Result result = new CliRun().run("--gpu", "--cpu");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("ERROR: --gpu, --cpu are mutually exclusive"), result.err());
        assertFalse(result.err().contains("Error:"), result.err());
    }

    @Test
    void installOptionsAreRefusedBeforeASubcommand() {
        CliRun.Result result = new CliRun().docker(FakeDocker::new).run("--gpu", "--garage", "status");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(
                result.err().contains("--gpu, --garage are install options; 'status' does not take them"),
                result.err());
    }

    @Test
    void installOptionsAreRefusedAfterASubcommand() {
        CliRun.Result result = new CliRun().docker(FakeDocker::new).run("diagnose", "--cpu");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--cpu"), result.err());
    }

    @Test
    void dirIsInheritedBySubcommandsBeforeOrAfterTheirName() throws Exception {
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(dir.resolve("server/.env"), "SECRET_KEY=" + SECRET_KEY + "\n");
        Files.writeString(dir.resolve(".env"), "COMPOSE_PROJECT_NAME=" + FakeDocker.PROJECT + "\n");
        FakeDocker docker = new FakeDocker();
        docker.containers.add(FakeDocker.container("server", "running", "healthy"));
        docker.logs = "boot with key " + SECRET_KEY + "\n";
        for (List<String> args : List.of(
                List.of("logs", "server", "--dir", dir.toString()),
                List.of("--dir", dir.toString(), "logs", "server"))) {
            CliRun.Result result = new CliRun().docker(() -> docker).run(args.toArray(String[]::new));
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals("boot with key ********\n", result.out(), "the secret in " + dir + " masks the log: " + args);
        }
    }

    @Test
    void completionCoversOptionsSubcommandsAndStepNames() {
        CliRun.Result result = new CliRun().run("generate-completion");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("complete -F _complete_reflector-setup"), "bash: " + result.out());
        assertTrue(result.out().contains("bashcompinit"), "zsh through bashcompinit");
        for (String word : List.of("--garage", "--install-docker", "--log-file", "diagnose", "server-env")) {
            assertTrue(result.out().contains(word), word);
        }
        assertTrue(new CliRun().run("--help").out().contains("generate-completion"), "listed in --help");
    }

    @Test
    void versionNamesInstallerReflectorAndJava() {
        CliRun.Result result = new CliRun().run("-V");
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertEquals(3, lines.size(), result.out());
        assertTrue(lines.get(0).startsWith("reflector-setup "), result.out());
        assertTrue(
                lines.get(1)
                        .startsWith(
                                "Reflector " + ReflectorVersion.defaultVersion().label()),
                result.out());
        assertTrue(lines.get(2).startsWith("Java " + System.getProperty("java.version")), result.out());
    }

    @Test
    void theLogFileGetsEveryLineMaskedAndIsTheOwnersOnly() throws Exception {
        Path log = dir.resolve("install.log");
        Path deployment = dir.resolve("deployment");
        Files.createDirectories(deployment.resolve("server"));
        Files.writeString(deployment.resolve("server/.env"), "SECRET_KEY=" + SECRET_KEY + "\n");
        CliRun.Result result = new CliRun()
                .run(
                        "--cpu",
                        "--garage",
                        "--quiet",
                        "--non-interactive",
                        "--dir",
                        deployment.toString(),
                        "--only",
                        "secrets,server-env",
                        "--log-file",
                        log.toString());
        assertEquals(0, result.exitCode(), result::toString);
        String text = Files.readString(log);
        assertTrue(text.contains("==> "), "progress is logged also with --quiet: " + text);
        assertTrue(text.contains("WARNING: "), text);
        assertFalse(text.contains(SECRET_KEY), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }

    @Test
    void theLogFileGetsTheErrorOfAFailedRun() throws Exception {
        Path log = dir.resolve("status.log");
        Files.writeString(log, "an earlier run\n");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun.Result result = new CliRun().docker(FakeDocker::new).run("status", "--log-file", log.toString());
        assertEquals(3, result.exitCode(), result::toString);
        String text = Files.readString(log);
        assertTrue(text.startsWith("an earlier run\n"), "appended: " + text);
        assertTrue(text.contains("ERROR: nothing is deployed"), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }
}
