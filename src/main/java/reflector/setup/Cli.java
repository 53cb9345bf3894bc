package reflector.setup;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import reflector.setup.cli.InstallCommand;
import reflector.setup.cli.ProducesDocument;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.output.JsonDocument;

/**
 * The one place a command line is built, for {@code main} and the tests alike, and the one place
 * errors become exit codes: an {@link InstallerException} carries its code, picocli's usage errors
 * are bad input, and anything else is an internal error.
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
        commandLine.setParameterExceptionHandler((exception, args) -> {
            PrintWriter err = exception.getCommandLine().getErr();
            err.println("ERROR: " + exception.getMessage());
            err.println("Try '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            if (jsonRequested(args)) {
                printFailureDocument(exception.getCommandLine(), ExitCode.BAD_INPUT, exception.getMessage());
            }
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
            if (owesDocument(cmd.getCommand(), parseResult.expandedArgs().toArray(String[]::new))) {
                printFailureDocument(cmd, ExitCode.of(exitCode(exception)), message(exception));
            }
            return exitCode(exception);
        });
        return commandLine;
    }

    /** --output json (or --output=json) among the arguments, also when they did not parse. */
    static boolean jsonRequested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equalsIgnoreCase("--output=json") || arg.equals("--output") && i + 1 < args.length
                    && args[i + 1].equalsIgnoreCase("json")) {
                return true;
            }
        }
        return false;
    }

    /** A JSON document is due and the command has not printed it (it may have failed before it could). */
    private static boolean owesDocument(Object command, String[] args) {
        if (command instanceof ProducesDocument producer && producer.output() != null) {
            return producer.output().json() && !producer.output().printed();
        }
        return jsonRequested(args);
    }

    /** The document of a command that failed before it could print its own. */
    private static void printFailureDocument(CommandLine commandLine, ExitCode exitCode, String message) {
        Object command = commandLine.getCommand();
        String name = command instanceof ProducesDocument producer ? producer.documentName()
                : commandLine.getParent() == null ? "install" : commandLine.getCommandName();
        PrintWriter out = commandLine.getOut();
        out.print(JsonDocument.render(JsonDocument.start(name, exitCode, message)));
        out.flush();
    }

    /** The one mapping from a failure to the process's exit code. */
    public static int exitCode(Throwable exception) {
        if (exception instanceof InstallerException installer) {
            return installer.exitCode().code();
        }
        if (exception instanceof CommandLine.ParameterException) {
            return ExitCode.BAD_INPUT.code();
        }
        if (exception instanceof DockerUnavailableException) {
            return ExitCode.ENVIRONMENT.code();
        }
        if (exception instanceof DockerOperationException) {
            return ExitCode.SERVICE_FAILED.code();
        }
        return ExitCode.INTERNAL_ERROR.code();
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
