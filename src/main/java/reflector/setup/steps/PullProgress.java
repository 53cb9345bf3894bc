package reflector.setup.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reflector.setup.docker.PullProgressListener;
import reflector.setup.output.Console;

/**
 * The per-layer progress of image pulls running at the same time, as one live line per image:
 * "pulling IMAGE: 3/7 layers done, 120/480 MB".
 */
final class PullProgress {
    private record Layer(long current, long total, boolean complete) {}

    private final Console console;
    private final Map<String, Map<String, Layer>> images = new LinkedHashMap<>();

    PullProgress(Console console) {
        this.console = console;
    }

    synchronized PullProgressListener start(String image) {
        images.put(image, new LinkedHashMap<>());
        return (layerId, status, current, total) -> update(image, layerId, status, current, total);
    }

    synchronized void finish(String image) {
        images.remove(image);
        console.endLiveLine();
        redraw();
    }

    private synchronized void update(String image, String layerId, String status, long current, long total) {
        Map<String, Layer> layers = images.get(image);
        if (layers == null || layerId == null || layerId.isEmpty()) {
            return;
        }
        Layer previous = layers.getOrDefault(layerId, new Layer(0, 0, false));
        boolean complete =
                status != null && (status.startsWith("Pull complete") || status.startsWith("Already exists"));
        layers.put(
                layerId,
                complete
                        ? new Layer(previous.total(), previous.total(), true)
                        : total > 0 ? new Layer(current, total, false) : previous);
        console.detail("pull " + image + " " + layerId + ": " + status);
        redraw();
    }

    private void redraw() {
        List<String> lines = new ArrayList<>();
        images.forEach((image, layers) -> {
            long done = layers.values().stream().filter(Layer::complete).count();
            long bytes = layers.values().stream().mapToLong(Layer::current).sum();
            long totalBytes = layers.values().stream().mapToLong(Layer::total).sum();
            lines.add("pulling " + image + ": " + done + "/" + layers.size() + " layers done"
                    + (totalBytes > 0 ? ", " + bytes / 1_000_000 + "/" + totalBytes / 1_000_000 + " MB" : ""));
        });
        if (!lines.isEmpty()) {
            console.live(lines);
        }
    }
}
