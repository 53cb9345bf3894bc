package reflector.setup.ollama;

/** Receives each progress line of a pull as soon as Ollama sends it. */
@FunctionalInterface
public interface PullListener {
    void onProgress(PullProgress progress);
}
