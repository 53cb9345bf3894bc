package reflector.setup.output;

public enum OutputFormat {
    text,
    json
}
