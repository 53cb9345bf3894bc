package reflector.setup.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.docker.DockerUnavailableException;

class ExitCodeTest {
    @Test
    void everyFailureMapsToOneCode() {
        assertEquals(ExitCode.BAD_INPUT, ExitCode.of(InstallerException.badInput("x")));
        assertEquals(ExitCode.ENVIRONMENT, ExitCode.of(InstallerException.environment("x")));
        assertEquals(ExitCode.ENVIRONMENT, ExitCode.of(new DockerUnavailableException("gone", null)));
        assertEquals(ExitCode.SERVICE_FAILED, ExitCode.of(new DockerOperationException("failed")));
        assertEquals(
                ExitCode.BAD_INPUT,
                ExitCode.of(new CommandLine.ParameterException(
                        new CommandLine(CommandLine.Model.CommandSpec.create()), "x")));
        assertEquals(ExitCode.INTERNAL_ERROR, ExitCode.of(new IllegalStateException("a bug")));
    }

    @Test
    void theHelpListsEveryCodeWithItsMeaning() {
        assertEquals(ExitCode.values().length, ExitCode.helpLines().size());
        assertEquals("  0  success", ExitCode.helpLines().get(0));
    }
}
