package reflector.setup.output;

public enum Verbosity {
    QUIET,
    NORMAL,
    VERBOSE
}
