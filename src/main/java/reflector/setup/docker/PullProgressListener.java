package reflector.setup.docker;

/** Per-layer progress of an image pull. */
@FunctionalInterface
public interface PullProgressListener {
    void layer(String layerId, String status, long current, long total);
}
