package reflector.setup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import reflector.setup.cli.VersionProvider;

/**
 * {@code --help} and {@code --version} on their own are answered without picocli: building the
 * command model by reflection is most of a start-up (about 0.2 s of CPU; picocli's classes, of
 * class-file version 49, are not even eligible for class-data sharing). The help text is the one
 * picocli renders, written into the jar at build time from the same command model
 * (src/test/java/reflector/setup/docs/HelpText, run by the build in prepare-package); where it is
 * missing (running from an IDE, or a build without test classes) picocli answers as usual.
 * Anything else on the command line, even {@code --help} with another word, goes to picocli.
 */
final class QuickAnswers {
    static final String HELP_RESOURCE = "/reflector/setup/cli/help.txt";

    private QuickAnswers() {}

    static Optional<String> answer(String[] args) {
        return answer(args, QuickAnswers::renderedHelp);
    }

    static Optional<String> answer(String[] args, Supplier<Optional<String>> renderedHelp) {
        if (args.length != 1) {
            return Optional.empty();
        }
        if (List.of("--version", "-V").contains(args[0])) {
            StringBuilder out = new StringBuilder();
            for (String line : new VersionProvider().getVersion()) {
                out.append(line).append(System.lineSeparator());
            }
            return Optional.of(out.toString());
        }
        if (List.of("--help", "-h").contains(args[0])) {
            return renderedHelp.get();
        }
        return Optional.empty();
    }

    private static Optional<String> renderedHelp() {
        try (InputStream in = QuickAnswers.class.getResourceAsStream(HELP_RESOURCE)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
