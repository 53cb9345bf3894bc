package reflector.setup;

/** The process exit codes, as documented in --help and the README. */
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

    public static ExitCode of(int code) {
        for (ExitCode exitCode : values()) {
            if (exitCode.code == code) {
                return exitCode;
            }
        }
        throw new IllegalArgumentException("no exit code " + code);
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
