package reflector.setup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import reflector.setup.install.Host;
import reflector.setup.core.InstallerException;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.InstallArguments;
import reflector.setup.config.Settings;
import reflector.setup.envfile.EnvFile;
import reflector.setup.output.Console;

/**
 * The install as the deployment was made, for upgrade and restore: the options the root .env
 * records ({@value InstallArguments#KEY}), or for an older deployment the ones its files and
 * containers show ({@link InstallArguments#derive}), resolved into {@link Settings} exactly as
 * the install command resolves its own (never asking: what is missing is an error).
 */
final class RecordedInstall {

    /** Only to let picocli fill {@link InstallOptions} from the recorded words. */
    @Command(name = "recorded-install")
    static final class Holder {
        @Mixin
        InstallOptions options = new InstallOptions();
    }

    /** The words, and where they came from (for messages). */
    record Arguments(List<String> words, String source) {
    }

    private RecordedInstall() {
    }

    static Arguments arguments(Path dir, Collection<String> runningServices) {
        EnvFile root = read(dir.resolve(DeploymentFiles.ROOT_ENV));
        Optional<String> recorded = root.get(InstallArguments.KEY).filter(value -> !value.isBlank());
        if (recorded.isPresent()) {
            try {
                return new Arguments(InstallArguments.parse(recorded.get()), InstallArguments.KEY + " in .env");
            } catch (IllegalArgumentException e) {
                throw InstallerException.environment(e.getMessage());
            }
        }
        return InstallArguments.derive(read(dir.resolve(DeploymentFiles.SERVER_ENV)),
                Files.isRegularFile(dir.resolve(DeploymentFiles.CADDYFILE)), runningServices)
                .map(words -> new Arguments(words, "the deployment's files and containers (no " + InstallArguments.KEY
                        + " in .env yet)"))
                .orElseThrow(() -> InstallerException.environment("cannot tell how the deployment in " + dir
                        + " was installed: .env has no " + InstallArguments.KEY + " and no model service (gpu or cpu) "
                        + "runs; run the install there once with its options (e.g. reflector-setup --cpu --garage --dir "
                        + dir + "), then try again"));
    }

    /** The recorded options parsed as the install parses them; {@code adjust} sets what this run adds (dir, dry run, version). */
    static InstallOptions options(Arguments arguments, java.util.function.Consumer<InstallOptions> adjust) {
        Holder holder = new Holder();
        try {
            new CommandLine(holder).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(arguments.words().toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw InstallerException.environment("the install options from " + arguments.source() + " do not parse ("
                    + e.getMessage() + "): " + String.join(" ", arguments.words()));
        }
        holder.options.nonInteractive = true;
        adjust.accept(holder.options);
        return holder.options;
    }

    static Settings settings(InstallOptions options, Host host, Console console) {
        return new SettingsResolver(options, host, console).resolve();
    }

    private static EnvFile read(Path file) {
        try {
            return Files.isRegularFile(file) ? EnvFile.parse(Files.readString(file, StandardCharsets.UTF_8)) : EnvFile.parse("");
        } catch (IOException e) {
            throw InstallerException.environment("cannot read " + file + ": " + e.getMessage());
        }
    }
}
