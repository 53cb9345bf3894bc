package reflector.setup.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The last lines of a container's log, stdout and stderr as they interleave, within a time limit. */
final class ContainerLogs {
    /** How long logs() waits for the engine to send the requested tail. */
    static final Duration LOGS_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient client;
    private final EngineErrors errors;

    ContainerLogs(DockerClient client, EngineErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    String logs(String containerId, int tailLines) {
        Collector collector = new Collector(Integer.MAX_VALUE);
        try {
            client.logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTimestamps(false)
                    .withFollowStream(false)
                    .withTail(Math.max(0, tailLines))
                    .exec(collector);
            if (!collector.awaitCompletion(LOGS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                DockerClients.closeQuietly(collector);
                throw new DockerOperationException("reading the log of container " + EngineErrors.shortId(containerId)
                        + " took longer than " + EngineErrors.seconds(LOGS_TIMEOUT));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            DockerClients.closeQuietly(collector);
            throw new DockerOperationException("interrupted while reading the log of " + EngineErrors.shortId(containerId), e);
        } catch (DockerOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw errors.failure("reading the log of container " + EngineErrors.shortId(containerId), e);
        }
        return collector.text();
    }

    /** Joins the payload of every frame (stdout and stderr as they interleave, or the raw TTY stream). */
    static final class Collector extends ResultCallback.Adapter<Frame> {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int limit;

        Collector(int limit) {
            this.limit = limit;
        }

        @Override
        public void onNext(Frame frame) {
            if (frame == null || frame.getPayload() == null) {
                return;
            }
            synchronized (bytes) {
                int room = limit - bytes.size();
                if (room > 0) {
                    bytes.write(frame.getPayload(), 0, Math.min(room, frame.getPayload().length));
                }
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
