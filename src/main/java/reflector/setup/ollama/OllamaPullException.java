package reflector.setup.ollama;

import java.io.IOException;

/** A pull that did not end with Ollama's {@code success} line; the message carries Ollama's own error text. */
public class OllamaPullException extends IOException {
    public OllamaPullException(String model, String message) {
        super("Ollama could not pull " + model + ": " + message);
    }
}
