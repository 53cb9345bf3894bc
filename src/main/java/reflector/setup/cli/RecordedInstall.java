package reflector.setup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.InstallArguments;
import reflector.setup.config.ModelMode;
import reflector.setup.config.OllamaMode;
import reflector.setup.config.RecordedOptions;
import reflector.setup.config.Settings;
import reflector.setup.core.InstallerException;
import reflector.setup.envfile.EnvFile;
import reflector.setup.install.Host;
import reflector.setup.output.Console;

/**
 * The install as the deployment was made, for upgrade and restore: the options the root .env
 * records ({@link RecordedOptions}), or for an older deployment the ones its files and containers
 * show ({@link InstallArguments#derive}), resolved into {@link Settings} exactly as the install
 * command resolves its own (never asking: what is missing is an error).
 */
final class RecordedInstall {

    /** Only to let picocli give {@link InstallOptions} their defaults. */
    @Command(name = "recorded-install")
    static final class Holder {
        @Mixin
        InstallOptions options = new InstallOptions();
    }

    /** The recorded options, and where they came from (for messages). */
    record Arguments(RecordedOptions recorded, String source) {
        /** As install options, for messages and commands a user may run. */
        List<String> words() {
            return InstallArguments.of(recorded);
        }
    }

    private RecordedInstall() {}

    static Arguments arguments(Path dir, Collection<String> runningServices) {
        EnvFile root = read(dir.resolve(DeploymentFiles.ROOT_ENV));
        Optional<RecordedOptions> recorded;
        try {
            recorded = RecordedOptions.read(root::get);
        } catch (IllegalArgumentException e) {
            throw InstallerException.environment(DeploymentFiles.ROOT_ENV + ": " + e.getMessage());
        }
        if (recorded.isPresent()) {
            return new Arguments(recorded.get(), "the root .env");
        }
        return InstallArguments.derive(
                        read(dir.resolve(DeploymentFiles.SERVER_ENV)),
                        Files.isRegularFile(dir.resolve(DeploymentFiles.CADDYFILE)),
                        runningServices)
                .map(options -> new Arguments(
                        options,
                        "the deployment's files and containers (no install options " + "recorded in .env yet)"))
                .orElseThrow(() -> InstallerException.environment("cannot tell how the deployment in " + dir
                        + " was installed: .env records no install options and no model service (gpu or cpu) "
                        + "runs; run the install there once with its options (e.g. reflector-setup --cpu --garage --dir "
                        + dir + "), then try again"));
    }

    /**
     * The recorded options as the install's options, field by field (never through option names,
     * so that a renamed option still finds its recorded value); {@code adjust} sets what this run
     * adds (dir, dry run, version).
     */
    static InstallOptions options(Arguments arguments, Consumer<InstallOptions> adjust) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs();
        InstallOptions options = holder.options;
        RecordedOptions recorded = arguments.recorded();
        options.modelMode = new InstallOptions.ModelModeGroup();
        options.modelMode.gpu = recorded.models() == ModelMode.GPU;
        options.modelMode.cpu = recorded.models() == ModelMode.CPU;
        if (recorded.ollama().enabled()) {
            options.ollama = new InstallOptions.OllamaGroup();
            options.ollama.gpu = recorded.ollama() == OllamaMode.GPU;
            options.ollama.cpu = recorded.ollama() == OllamaMode.CPU;
        }
        options.llmModel = recorded.llmModel().orElse(null);
        options.garage = recorded.garage();
        options.domain = recorded.domain().orElse(null);
        options.caddy = recorded.caddy() && recorded.domain().isEmpty();
        options.build = recorded.build();
        options.pull = recorded.pull();
        options.publicUrl = recorded.publicUrl().orElse(null);
        options.publicRetentionDays =
                recorded.publicRetentionDays().map(String::valueOf).orElse(null);
        options.publicIp = recorded.publicIp().orElse(null);
        options.ignorePreflight = new ArrayList<>(recorded.ignoredPreflightChecks());
        options.nonInteractive = true;
        adjust.accept(options);
        return options;
    }

    static Settings settings(InstallOptions options, Host host, Console console) {
        return new SettingsResolver(options, host, console).resolve();
    }

    private static EnvFile read(Path file) {
        try {
            return Files.isRegularFile(file)
                    ? EnvFile.parse(Files.readString(file, StandardCharsets.UTF_8))
                    : EnvFile.parse("");
        } catch (IOException e) {
            throw InstallerException.environment("cannot read " + file + ": " + e.getMessage());
        }
    }
}
