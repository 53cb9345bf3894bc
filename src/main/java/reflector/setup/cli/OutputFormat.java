package reflector.setup.cli;

public enum OutputFormat {
    text, json
}
