package reflector.setup;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.cli.InstallCommand;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.install.Host;

/**
 * The one place a command line is built, for {@code main} and the tests alike. Errors become exit
 * codes through {@link ExitCode#of(Throwable)}.
 */
public final class Cli {
    private Cli() {
    }

    public static CommandLine newCommandLine(Host host) {
        CommandLine commandLine = new CommandLine(new InstallCommand(host), factory(host));
        commandLine.setOut(host.out());
        commandLine.setErr(host.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExitCodeExceptionMapper(Cli::exitCode);
        InstallCommand.listExitCodes(commandLine.getCommandSpec());
        commandLine.setParameterExceptionHandler((exception, args) -> {
            PrintWriter err = exception.getCommandLine().getErr();
            err.println("ERROR: " + exception.getMessage());
            err.println("Try '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.BAD_INPUT.code();
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            err.println("ERROR: " + message(exception));
            if (parseResult.expandedArgs().contains("--verbose") || parseResult.expandedArgs().contains("-v")
                    || exitCode(exception) == ExitCode.INTERNAL_ERROR.code()) {
                exception.printStackTrace(err);
            }
            err.flush();
            return exitCode(exception);
        });
        return commandLine;
    }

    private static int exitCode(Throwable exception) {
        return ExitCode.of(exception).code();
    }

    private static String message(Throwable exception) {
        if (exception instanceof DockerUnavailableException) {
            return exception.getMessage() + ". Start Docker (e.g. `sudo systemctl start docker`) or set DOCKER_HOST.";
        }
        if (exception instanceof InstallerException || exception instanceof DockerOperationException) {
            return exception.getMessage();
        }
        return "internal error: " + exception;
    }

    /** Commands need the host; picocli creates them through this factory. */
    private static IFactory factory(Host host) {
        IFactory defaults = CommandLine.defaultFactory();
        return new IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    return type.getDeclaredConstructor(Host.class).newInstance(host);
                } catch (NoSuchMethodException noHostConstructor) {
                    return defaults.create(type);
                }
            }
        };
    }
}
