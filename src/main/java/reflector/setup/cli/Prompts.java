package reflector.setup.cli;

import java.util.Arrays;
import java.util.Optional;
import reflector.setup.core.InstallerException;
import reflector.setup.output.Terminal;

/**
 * The questions the installer asks, and only when there is someone to answer: stdin and stdout are
 * a terminal and --non-interactive was not given. Secrets are read without echo. The answers are
 * as typed (secrets the terminal could not decode are refused); {@link SettingsResolver} checks them like the options they stand in for.
 */
final class Prompts {
    private final Terminal terminal;
    private final boolean interactive;

    Prompts(Terminal terminal, boolean nonInteractive) {
        this.terminal = terminal;
        this.interactive = !nonInteractive && terminal.interactive();
    }

    boolean interactive() {
        return interactive;
    }

    /** The admin password, asked twice; null without a terminal. */
    char[] adminPassword() {
        if (!interactive) {
            return null;
        }
        char[] first = Utf8Input.typed("--password", terminal.readSecret("Admin password (admin@localhost): "));
        char[] second = Utf8Input.typed("--password", terminal.readSecret("Repeat the admin password: "));
        if (!Arrays.equals(first, second)) {
            throw InstallerException.badInput("--password: the two passwords differ");
        }
        return first;
    }

    /** The HuggingFace token; empty when skipped with Enter, or without a terminal. */
    Optional<String> hfToken() {
        if (!interactive) {
            return Optional.empty();
        }
        char[] answer = Utf8Input.typed(
                "--hf-token",
                terminal.readSecret(
                        "HuggingFace token for the pyannote diarization models (Enter to skip: a public copy is used): "));
        String token = new String(answer).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /**
     * One S3 value (e.g. "S3 bucket" for --s3-bucket), a secret one without echo (and refused if the
     * terminal could not decode it, see {@link Utf8Input#typed}); empty when the answer is empty. Only with a terminal.
     */
    String s3Value(String option, String question, boolean secret) {
        return secret
                ? new String(Utf8Input.typed(option, terminal.readSecret(question + ": ")))
                : terminal.readLine(question + ": ");
    }

    /** The endpoint of an S3-compatible service; empty for AWS. Only with a terminal. */
    String s3Endpoint() {
        return terminal.readLine("S3 endpoint URL for MinIO, B2 and the like (Enter for AWS): ");
    }
}
