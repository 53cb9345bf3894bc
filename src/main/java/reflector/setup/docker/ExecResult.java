package reflector.setup.docker;

public record ExecResult(int exitCode, String output) {
}
