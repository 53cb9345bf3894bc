package reflector.setup.cli;

import picocli.CommandLine.Option;
import reflector.setup.install.Host;
import reflector.setup.output.CommandOutput;
import reflector.setup.output.OutputFormat;

/** --output text|json for the day-two commands (install has it among its own options). */
public final class FormatOption {
    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description =
                    "The result on stdout: text or json (one document, also on failure; default: ${DEFAULT-VALUE}).")
    OutputFormat format = OutputFormat.text;

    private CommandOutput output;

    CommandOutput output(Host host) {
        if (output == null) {
            output = new CommandOutput(host.out(), format == OutputFormat.json);
        }
        return output;
    }

    /** The output made so far, or null. */
    CommandOutput made() {
        return output;
    }

    boolean json() {
        return format == OutputFormat.json;
    }
}
