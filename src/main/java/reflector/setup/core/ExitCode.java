package reflector.setup.core;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * The process exit codes, as documented in --help and the man page (which list them from here) and the README,
 * and the one mapping from a failure to its code.
 */
public enum ExitCode {
    OK(0, "success"),
    INTERNAL_ERROR(1, "internal error (a bug: please report it)"),
    BAD_INPUT(2, "bad input: an option or value is wrong or missing; nothing was changed"),
    ENVIRONMENT(3, "environment or prerequisite failure (Docker, GPU, ports, files)"),
    SERVICE_FAILED(4, "a service failed to build, start or become healthy, or the application failed a check");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /**
     * The one mapping from a failure to the process's exit code: a failure that carries its code
     * (the installer's own, and Docker's) ends with it, picocli's usage errors are bad input, and
     * anything else is an internal error.
     */
    public static ExitCode of(Throwable failure) {
        if (failure instanceof ExitCoded coded) {
            return coded.exitCode();
        }
        if (failure instanceof CommandLine.ParameterException) {
            return BAD_INPUT;
        }
        return INTERNAL_ERROR;
    }

    /** The list in --help: one line per code, "  2  bad input: ...". */
    public static List<String> helpLines() {
        return Arrays.stream(values())
                .map(exitCode -> "  " + exitCode.code + "  " + exitCode.meaning)
                .toList();
    }

    public int code() {
        return code;
    }

    /** What the code means, as --help and the man page's EXIT STATUS list it. */
    public String meaning() {
        return meaning;
    }
}
