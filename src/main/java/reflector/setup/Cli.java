package reflector.setup;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;
import reflector.setup.cli.InstallCommand;
import reflector.setup.cli.ProducesDocument;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.install.Host;
import reflector.setup.output.JsonDocument;
import reflector.setup.output.RunLog;
import reflector.setup.preflight.DockerAdvice;
import reflector.setup.steps.ServiceFailure;
import reflector.setup.text.SafeText;

/**
 * The one place a command line is built, for {@code main} and the tests alike. Errors become exit
 * codes through {@link ExitCode#of(Throwable)}.
 */
public final class Cli {
    /** Options whose value is a secret: masked even in picocli's own error messages. */
    private static final Set<String> SECRET_OPTIONS =
            Set.of("--password", "--hf-token", "--s3-secret-access-key", "--s3-access-key-id");

    private static final int MAX_MESSAGE = 400;

    private Cli() {}

    /** Every line the commands print goes through the host's masking: no secret reaches the screen. */
    public static CommandLine newCommandLine(Host unmasked) {
        Host host = unmasked.masked();
        InstallCommand root = new InstallCommand(host);
        CommandLine commandLine = new CommandLine(root, factory(host));
        commandLine.setOut(host.out());
        commandLine.setErr(host.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // Plain help, 80 columns: the same text whether picocli renders it or Main serves the copy
        // rendered at build time (QuickAnswers).
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        commandLine.setExitCodeExceptionMapper(Cli::exitCode);
        InstallCommand.listExitCodes(commandLine.getCommandSpec());
        commandLine.setParameterExceptionHandler((exception, args) -> {
            maskSecretOptions(host, args);
            return badInput(exception, args);
        });
        commandLine.setExecutionStrategy(parseResult -> execute(root, parseResult, host.env()));
        // picocli hides it by default; users should find it in --help (bash, and zsh via bashcompinit).
        commandLine
                .getSubcommands()
                .get("generate-completion")
                .getCommandSpec()
                .usageMessage()
                .hidden(false)
                .description("Print the completion script for bash and zsh (see the README).");
        return commandLine;
    }

    /**
     * Runs the chosen command with its log file open (--log-file), so that the error line of a
     * failure lands in the log too. {@code environment} is the host's, for the advice on a missing Docker.
     */
    private static int execute(InstallCommand root, ParseResult parseResult, Map<String, String> environment) {
        refuseInstallOptionsBeforeSubcommand(parseResult);
        RunLog log = RunLog.none();
        try {
            log = root.openLog();
            return new CommandLine.RunLast().execute(parseResult);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            int code = failed(cause, e.getCommandLine().getErr(), log, verbose(parseResult), environment);
            documentFailure(e.getCommandLine(), parseResult, cause, environment);
            return code;
        } catch (InstallerException e) {
            int code =
                    failed(e, parseResult.commandSpec().commandLine().getErr(), log, verbose(parseResult), environment);
            documentFailure(parseResult.commandSpec().commandLine(), parseResult, e, environment);
            return code;
        } finally {
            log.close();
        }
    }

    /**
     * {@code reflector-setup --gpu status} would silently ignore --gpu: the install command's
     * own options (all but the inherited ones such as --dir) are refused before a subcommand.
     */
    private static void refuseInstallOptionsBeforeSubcommand(ParseResult parseResult) {
        if (!parseResult.hasSubcommand()) {
            return;
        }
        List<String> refused = new ArrayList<>();
        for (ArgSpec arg : parseResult.matchedArgs()) {
            if (arg instanceof OptionSpec option
                    && option.scopeType() != ScopeType.INHERIT
                    && !option.usageHelp()
                    && !option.versionHelp()) {
                refused.add(option.longestName());
            }
        }
        if (!refused.isEmpty()) {
            CommandLine sub = parseResult.subcommand().commandSpec().commandLine();
            throw new ParameterException(
                    sub,
                    String.join(", ", refused) + (refused.size() == 1 ? " is an" : " are")
                            + " install option" + (refused.size() == 1 ? "" : "s") + "; '" + sub.getCommandName()
                            + "' does not take " + (refused.size() == 1 ? "it" : "them"));
        }
    }

    /**
     * With --output json the command's one document is printed also when it failed: by the command
     * itself when it could, else here, with the fields every document starts with.
     */
    private static void documentFailure(
            CommandLine commandLine, ParseResult parseResult, Throwable cause, Map<String, String> environment) {
        if (owesDocument(commandLine.getCommand(), parseResult.expandedArgs().toArray(String[]::new))) {
            printFailureDocument(commandLine, ExitCode.of(cause), message(cause, environment));
        }
    }

    /** --output json (or --output=json) among the arguments, also when they did not parse. */
    static boolean jsonRequested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equalsIgnoreCase("--output=json")
                    || arg.equals("--output") && i + 1 < args.length && args[i + 1].equalsIgnoreCase("json")) {
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
        String name = command instanceof ProducesDocument producer
                ? producer.documentName()
                : commandLine.getParent() == null ? "install" : commandLine.getCommandName();
        PrintWriter out = commandLine.getOut();
        out.print(JsonDocument.render(JsonDocument.start(name, exitCode, message)));
        out.flush();
    }

    /** Bad input: one ERROR line (picocli's own "Error: " prefix removed), suggestions, and where help is. */
    private static int badInput(ParameterException exception, String[] args) {
        PrintWriter err = exception.getCommandLine().getErr();
        String message = shortened(SafeText.oneLine(withoutErrorPrefix(exception.getMessage())));
        err.println("ERROR: " + message);
        if (exception instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = plausible(unmatched);
            if (!suggestions.isEmpty()) {
                err.println("Did you mean " + String.join(" or ", suggestions) + "?");
            }
        }
        err.println("Try '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        if (jsonRequested(args)) {
            printFailureDocument(exception.getCommandLine(), ExitCode.BAD_INPUT, message);
        }
        return ExitCode.BAD_INPUT.code();
    }

    /**
     * picocli's suggestions, best first, less the far-fetched ones ("stats": status, not
     * generate-completion): the best one, and others that start as the typed word does.
     */
    private static List<String> plausible(UnmatchedArgumentException unmatched) {
        List<String> suggestions = unmatched.getSuggestions();
        List<String> typed = unmatched.getUnmatched();
        if (suggestions.isEmpty() || typed.isEmpty()) {
            return List.of();
        }
        String start = stem(typed.get(0));
        List<String> result = new ArrayList<>(List.of(suggestions.get(0)));
        for (String suggestion : suggestions.subList(1, suggestions.size())) {
            if (result.size() < 3 && start.length() >= 2 && stem(suggestion).startsWith(start.substring(0, 2))) {
                result.add(suggestion);
            }
        }
        return result;
    }

    private static String stem(String word) {
        return word.replaceFirst("^-+", "").replaceFirst("=.*", "");
    }

    static String withoutErrorPrefix(String message) {
        return message == null ? "" : message.replaceFirst("^(?i)error:\\s*", "");
    }

    private static int failed(
            Throwable exception, PrintWriter err, RunLog log, boolean verbose, Map<String, String> environment) {
        String line = "ERROR: " + message(exception, environment);
        err.println(line);
        log.line(line);
        int code = exitCode(exception);
        if (verbose || code == ExitCode.INTERNAL_ERROR.code()) {
            StringWriter trace = new StringWriter();
            exception.printStackTrace(new PrintWriter(trace));
            err.print(SafeText.forTerminal(trace.toString()));
        }
        err.flush();
        return code;
    }

    private static boolean verbose(ParseResult parseResult) {
        List<String> args = parseResult.expandedArgs();
        return args.contains("--verbose") || args.contains("-v");
    }

    private static int exitCode(Throwable exception) {
        return ExitCode.of(exception).code();
    }

    /**
     * One line, escaped; only Docker's and Compose's own output (quoted in a service failure) keeps
     * its line breaks.
     */
    private static String message(Throwable exception, Map<String, String> environment) {
        String text;
        if (exception instanceof DockerUnavailableException) {
            text = exception.getMessage() + "; "
                    + DockerAdvice.unavailable((DockerUnavailableException) exception, environment);
        } else if (exception instanceof InstallerException || exception instanceof DockerOperationException) {
            text = exception.getMessage();
        } else {
            text = "internal error: " + exception;
        }
        text = String.valueOf(text);
        return exception instanceof ServiceFailure || exception instanceof DockerOperationException
                ? SafeText.forTerminal(text)
                : SafeText.oneLine(text);
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
            } else if (SECRET_OPTIONS.contains(word)
                    && i + 1 < words.size()
                    && !words.get(i + 1).startsWith("-")) {
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
