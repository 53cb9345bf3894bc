package reflector.setup.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Whether an image is here, and pulling one with per-layer progress within a time limit. */
final class ImagePulls {
    private final DockerClient client;
    private final DockerClient streamClient;
    private final EngineErrors errors;

    /** @param streamClient the patient client: a pull may be silent for a long time */
    ImagePulls(DockerClient client, DockerClient streamClient, EngineErrors errors) {
        this.client = client;
        this.streamClient = streamClient;
        this.errors = errors;
    }

    boolean imageExists(String image) {
        return imageId(image).isPresent();
    }

    Optional<String> imageId(String image) {
        try {
            return Optional.ofNullable(client.inspectImageCmd(image).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw errors.failure("looking up image " + image, e);
        }
    }

    void pull(String image, PullProgressListener listener, Duration timeout) {
        Objects.requireNonNull(listener, "listener");
        String[] ref = splitReference(image);
        PullCallback callback = new PullCallback(listener);
        try {
            streamClient.pullImageCmd(ref[0]).withTag(ref[1]).exec(callback);
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                DockerClients.closeQuietly(callback); // closing the stream makes the engine cancel the pull
                throw new DockerOperationException(
                        "pulling " + image + " did not finish within " + EngineErrors.seconds(timeout));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            DockerClients.closeQuietly(callback);
            throw new DockerOperationException("interrupted while pulling " + image, e);
        } catch (DockerOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw errors.failure("pulling " + image, e);
        }
        callback.error().ifPresent(message -> {
            throw new DockerOperationException("pulling " + image + " failed: " + message);
        });
        if (!imageExists(image)) {
            throw new DockerOperationException(
                    "pulling " + image + " ended without an error, but the engine does not have the image");
        }
    }

    /**
     * Splits an image reference into the fromImage and tag parameters of POST /images/create as
     * the docker CLI does. A reference without tag or digest means ":latest" (an empty tag would
     * make the engine pull every tag of the repository).
     */
    static String[] splitReference(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            String name = image.substring(0, at);
            int slash = name.lastIndexOf('/');
            int colon = name.lastIndexOf(':');
            if (colon > slash) {
                name = name.substring(0, colon); // name:tag@digest: the digest wins
            }
            return new String[] {name, image.substring(at + 1)};
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash) {
            return new String[] {image.substring(0, colon), image.substring(colon + 1)};
        }
        return new String[] {image, "latest"};
    }

    /** Reports per-layer progress and remembers the first error the engine streamed. */
    static final class PullCallback extends ResultCallback.Adapter<PullResponseItem> {
        private final PullProgressListener listener;
        private volatile String error;

        PullCallback(PullProgressListener listener) {
            this.listener = listener;
        }

        @Override
        @SuppressWarnings("deprecation") // getError(): older engines send only "error", no errorDetail
        public void onNext(PullResponseItem item) {
            if (item == null) {
                return;
            }
            if (item.isErrorIndicated()) {
                if (error == null) {
                    ResponseItem.ErrorDetail detail = item.getErrorDetail();
                    String message =
                            detail != null && detail.getMessage() != null ? detail.getMessage() : item.getError();
                    error = message == null || message.isBlank() ? "the engine reported an error" : message.trim();
                }
                return;
            }
            ResponseItem.ProgressDetail progress = item.getProgressDetail();
            long current = progress == null || progress.getCurrent() == null ? 0L : progress.getCurrent();
            long total = progress == null || progress.getTotal() == null ? 0L : progress.getTotal();
            listener.layer(nullToEmpty(item.getId()), nullToEmpty(item.getStatus()), current, total);
        }

        Optional<String> error() {
            return Optional.ofNullable(error);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
