package reflector.setup.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.install.Host;
import reflector.setup.install.Installer;
import reflector.setup.install.RunLock;
import reflector.setup.output.CommandOutput;
import reflector.setup.output.Console;
import reflector.setup.output.OutputFormat;
import reflector.setup.output.RunLog;
import reflector.setup.preflight.DockerProvisioner;

/** The default command: install or update the deployment. */
@Command(
        name = "reflector-setup",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        defaultValueProvider = EnvironmentDefaults.class,
        sortOptions = false,
        header = "Install or update self-hosted Reflector on this server with Docker Compose.",
        synopsisHeading = "%nUsage: ",
        customSynopsis = {
            "reflector-setup (--gpu | --cpu) [--ollama-gpu | --ollama-cpu] [--garage] [--caddy | --domain DOMAIN] [OPTIONS]",
            "       reflector-setup status | logs | diagnose | down | upgrade",
            "       reflector-setup backup | restore | verify-backup",
            "       reflector-setup generate-completion",
        },
        description = {
            "",
            "Writes server/.env, www/.env, .env, data/garage.toml and the Caddyfile in",
            "the deployment directory, then builds, pulls and starts the services and",
            "waits until they are healthy. Safe to re-run: values you set by hand are",
            "kept, and a run with the same options changes nothing.",
        },
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nDay-two commands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # GPU server with a domain, local LLM and local storage:",
            "  java -jar reflector-setup.jar --gpu --ollama-gpu --garage \\",
            "      --domain reflector.example.com",
            "  # CPU only, self-signed HTTPS on the server's IP, login required",
            "  # (asks for the admin password):",
            "  java -jar reflector-setup.jar --cpu --ollama-cpu --garage --caddy --password",
            "  # Unattended, external S3 and LLM, behind your own reverse proxy:",
            "  REFLECTOR_S3_SECRET_ACCESS_KEY=... java -jar reflector-setup.jar --cpu \\",
            "      --non-interactive --s3-access-key-id AKIA... --s3-bucket meetings \\",
            "      --s3-region eu-west-1 --public-url https://meet.example.com",
            "  # See what a run would change, without Docker:",
            "  java -jar reflector-setup.jar --gpu --garage --caddy --dry-run",
        },
        subcommands = {
            StatusCommand.class,
            LogsCommand.class,
            DiagnoseCommand.class,
            DownCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            VerifyBackupCommand.class,
            UpgradeCommand.class,
            AutoComplete.GenerateCompletion.class
        })
public final class InstallCommand implements Callable<Integer>, ProducesDocument {
    private final Host host;
    private CommandOutput result;

    @Mixin
    InstallOptions options = new InstallOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(
            names = "--log-file",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "Also write every progress line, warning and error, and Docker's own log, to FILE "
                    + "(appended, readable by you only, secrets masked).")
    Path logFile;

    private RunLog log = RunLog.none();

    public InstallCommand(Host host) {
        this.host = host;
    }

    /** The exit codes close the help, listed from {@link ExitCode}. */
    public static void listExitCodes(CommandSpec spec) {
        List<String> footer = new ArrayList<>(List.of(spec.usageMessage().footer()));
        footer.add("");
        footer.add("Exit codes:");
        footer.addAll(ExitCode.helpLines());
        spec.usageMessage().footer(footer.toArray(String[]::new));
    }

    /** Opens the --log-file, if one was given; {@code Cli} closes it after the run. */
    public RunLog openLog() {
        log = logFile == null ? RunLog.none() : RunLog.open(logFile, VersionProvider.installerVersion());
        return log;
    }

    /** The deployment directory (--dir, inherited by the day-two commands). */
    Path deploymentDir() {
        return options.deploymentDir();
    }

    /** The --log-file of this run (none without one), for the day-two commands' consoles. */
    RunLog log() {
        return log;
    }

    @Override
    public String documentName() {
        return "install";
    }

    @Override
    public CommandOutput output() {
        return result;
    }

    /** The run lock is taken before the deployment's files are read, and held to the end (none for a dry run). */
    @Override
    public Integer call() throws Exception {
        Console console = output.console(host, log);
        result = new CommandOutput(host.out(), options.output == OutputFormat.json);
        try (RunLock lock = options.dryRun ? null : RunLock.acquire(options.deploymentDir())) {
            Settings settings = new SettingsResolver(options, host, console).resolve();
            if (options.installDocker) {
                DockerProvisioner.forThisSystem(host.docker(), console, host.env())
                        .ensure(settings.run().dryRun());
            }
            return new Installer(host, console, result).run(settings, lock).code();
        }
    }
}
