package reflector.setup.steps;

import java.util.LinkedHashMap;
import java.util.Map;
import reflector.setup.docker.PullProgressListener;
import reflector.setup.output.Console;

/** Shows an image pull's per-layer progress as one live line: "pulling IMAGE: 3/7 layers done, 120/480 MB". */
final class PullProgress implements PullProgressListener {
    private record Layer(long current, long total, boolean complete) {
    }

    private final Console console;
    private final String image;
    private final Map<String, Layer> layers = new LinkedHashMap<>();

    PullProgress(Console console, String image) {
        this.console = console;
        this.image = image;
    }

    @Override
    public synchronized void layer(String layerId, String status, long current, long total) {
        if (layerId == null || layerId.isEmpty()) {
            return;
        }
        Layer previous = layers.getOrDefault(layerId, new Layer(0, 0, false));
        boolean complete = status != null && (status.startsWith("Pull complete") || status.startsWith("Already exists"));
        layers.put(layerId, complete ? new Layer(previous.total(), previous.total(), true)
                : total > 0 ? new Layer(current, total, false) : previous);
        long done = layers.values().stream().filter(Layer::complete).count();
        long bytes = layers.values().stream().mapToLong(Layer::current).sum();
        long totalBytes = layers.values().stream().mapToLong(Layer::total).sum();
        console.live("pulling " + image + ": " + done + "/" + layers.size() + " layers done"
                + (totalBytes > 0 ? ", " + bytes / 1_000_000 + "/" + totalBytes / 1_000_000 + " MB" : ""));
        console.detail("pull " + image + " " + layerId + ": " + status);
    }

    void done() {
        console.endLiveLine();
    }
}
