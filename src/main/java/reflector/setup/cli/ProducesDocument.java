package reflector.setup.cli;

import reflector.setup.output.CommandOutput;

/**
 * A command that prints one JSON document with --output json. When it fails without printing
 * one (bad input found before it started, a Docker failure, a bug), {@code Cli} prints the
 * failure document for it, so that a script always reads one document, whatever the exit code.
 */
public interface ProducesDocument {

    /** The command's name in the document ("install", "status", ...). */
    String documentName();

    /** The command's output, once it has made it; null before. */
    CommandOutput output();
}
