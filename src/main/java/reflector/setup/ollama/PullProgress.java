package reflector.setup.ollama;

/**
 * One NDJSON line of POST /api/pull. Ollama omits {@code digest}, {@code total} and {@code completed} when empty
 * or zero, so {@code digest} may be null and the counters 0.
 */
public record PullProgress(String status, String digest, long total, long completed) {

    public boolean isSuccess() {
        return "success".equals(status);
    }
}
