package reflector.setup.core;

/** A failure that knows the exit code it ends the process with. */
public interface ExitCoded {
    ExitCode exitCode();
}
