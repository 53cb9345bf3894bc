package reflector.setup.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.docker.EngineInfo;
import reflector.setup.output.Console;
import reflector.setup.output.Verbosity;
import reflector.setup.support.FakeDocker;

/** --install-docker without installing anything: a recording shell and a fake engine. */
class DockerProvisionerTest {
    final StringWriter err = new StringWriter();
    final Console console = new Console(new PrintWriter(err, true), Verbosity.NORMAL, false);
    final List<String> ran = new ArrayList<>();
    int failOn = -1;

    DockerProvisioner provisioner(Supplier<Docker> docker, boolean root) {
        return new DockerProvisioner(
                docker, console, DockerInstallGuideTest.DEBIAN_13, root, false, (command, output) -> {
                    ran.add(command);
                    output.accept("output of " + command);
                    return ran.size() - 1 == failOn ? 100 : 0;
                });
    }

    static Supplier<Docker> noEngine() {
        return () -> {
            throw new DockerUnavailableException("cannot reach the Docker engine", null, false);
        };
    }

    @Test
    void aMissingEngineIsInstalledCommandByCommandEachPrintedFirst() {
        provisioner(noEngine(), true).ensure(false);
        assertEquals(List.of("apt-get update", "apt-get install -y docker.io docker-compose docker-buildx"), ran);
        assertTrue(err.toString().contains("    + apt-get update\n    + apt-get install -y docker.io"), err.toString());
    }

    @Test
    void onlyTheComposePluginWhenTheEngineAnswers() {
        FakeDocker docker = new FakeDocker();
        docker.composeVersion = Optional.empty();
        docker.engine = new EngineInfo("26.1.5+dfsg1", "1.45", "/var/lib/docker", 64L << 30, Set.of("runc"), List.of());
        provisioner(() -> docker, true).ensure(false);
        assertEquals(List.of("apt-get update", "apt-get install -y docker-compose"), ran);
    }

    @Test
    void nothingRunsWhenDockerIsComplete() {
        provisioner(FakeDocker::new, false).ensure(false);
        assertEquals(List.of(), ran);
    }

    @Test
    void aDryRunOnlyPrintsTheCommands() {
        provisioner(noEngine(), false).ensure(true);
        assertEquals(List.of(), ran);
        assertTrue(err.toString().contains("would run: apt-get install -y docker.io"), err.toString());
    }

    @Test
    void withoutRootNothingRunsAndTheErrorSaysSo() {
        InstallerException e = assertThrows(
                InstallerException.class, () -> provisioner(noEngine(), false).ensure(false));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
        assertTrue(e.getMessage().contains("needs root"), e.getMessage());
        assertEquals(List.of(), ran);
    }

    @Test
    void aFailingCommandStopsTheRunWithItsOutput() {
        failOn = 0;
        InstallerException e = assertThrows(
                InstallerException.class, () -> provisioner(noEngine(), true).ensure(false));
        assertTrue(e.getMessage().contains("`apt-get update` failed with exit code 100"), e.getMessage());
        assertEquals(List.of("apt-get update"), ran);
        assertTrue(err.toString().contains("output of apt-get update"), err.toString());
    }
}
