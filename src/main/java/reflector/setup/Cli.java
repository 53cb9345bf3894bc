package reflector.setup;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import reflector.setup.cli.InstallCommand;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.steps.ServiceFailure;
import reflector.setup.text.SafeText;

/**
 * The one place a command line is built, for {@code main} and the tests alike, and the one place
 * errors become exit codes: an {@link InstallerException} carries its code, picocli's usage errors
 * are bad input, and anything else is an internal error.
 *
 * <p>Everything printed goes through the host's {@link reflector.setup.secrets.OutputMasking}, and
 * every error message is printed with its control characters escaped: an option name or value
 * with ESC, CR, a line break or a direction override cannot recolour the terminal or forge a line.
 */
public final class Cli {
    /** Options whose value is a secret: masked even in picocli's own error messages. */
    private static final Set<String> SECRET_OPTIONS = Set.of("--password", "--hf-token", "--s3-secret-access-key",
            "--s3-access-key-id");

    private static final int MAX_MESSAGE = 400;

    private Cli() {
    }

    public static CommandLine newCommandLine(Host unmasked) {
        Host host = unmasked.masked();
        CommandLine commandLine = new CommandLine(new InstallCommand(host), factory(host));
        commandLine.setOut(host.out());
        commandLine.setErr(host.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExitCodeExceptionMapper(Cli::exitCode);
        commandLine.setParameterExceptionHandler((exception, args) -> {
            maskSecretOptions(host, args);
            PrintWriter err = exception.getCommandLine().getErr();
            err.println("ERROR: " + shortened(SafeText.oneLine(String.valueOf(exception.getMessage()))));
            err.println("Try '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return ExitCode.BAD_INPUT.code();
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            err.println("ERROR: " + message(exception));
            if (parseResult.expandedArgs().contains("--verbose") || parseResult.expandedArgs().contains("-v")
                    || exitCode(exception) == ExitCode.INTERNAL_ERROR.code()) {
                StringWriter trace = new StringWriter();
                exception.printStackTrace(new PrintWriter(trace));
                err.print(SafeText.forTerminal(trace.toString()));
            }
            err.flush();
            return exitCode(exception);
        });
        return commandLine;
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

    /**
     * One line, escaped; only Docker's and Compose's own output (quoted in a service failure) keeps
     * its line breaks.
     */
    private static String message(Throwable exception) {
        String text;
        if (exception instanceof DockerUnavailableException) {
            text = exception.getMessage() + ". Start Docker (e.g. `sudo systemctl start docker`) or set DOCKER_HOST.";
        } else if (exception instanceof InstallerException || exception instanceof DockerOperationException) {
            text = exception.getMessage();
        } else {
            text = "internal error: " + exception;
        }
        text = String.valueOf(text);
        return exception instanceof ServiceFailure || exception instanceof DockerOperationException
                ? SafeText.forTerminal(text) : SafeText.oneLine(text);
    }

    /** picocli quotes the offending value whole; a 100 KB value makes a 100 KB line. */
    private static String shortened(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "... (cut)";
    }

    /** The values of secret options on the command line, so that no message can show them. */
    private static void maskSecretOptions(Host host, String[] args) {
        List<String> words = List.of(args);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            int equals = word.indexOf('=');
            if (equals > 0 && SECRET_OPTIONS.contains(word.substring(0, equals))) {
                host.masking().add(word.substring(equals + 1));
            } else if (SECRET_OPTIONS.contains(word) && i + 1 < words.size() && !words.get(i + 1).startsWith("-")) {
                host.masking().add(words.get(i + 1));
            }
        }
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
