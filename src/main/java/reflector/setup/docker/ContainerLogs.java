package reflector.setup.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A container's log, stdout and stderr as they interleave: its last lines as one text within a
 * time limit, or line by line as a {@link LogRequest} asks (a tail, a start, or following).
 */
final class ContainerLogs {
    /** How long logs() waits for the engine to send the requested tail. */
    static final Duration LOGS_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClients clients;
    private final DockerClient client;
    private final EngineErrors errors;

    ContainerLogs(DockerClients clients, EngineErrors errors) {
        this.clients = clients;
        this.client = clients.query;
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
            throw new DockerOperationException(
                    "interrupted while reading the log of " + EngineErrors.shortId(containerId), e);
        } catch (DockerOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw errors.failure("reading the log of container " + EngineErrors.shortId(containerId), e);
        }
        return collector.text();
    }

    void logs(String containerId, LogRequest request, Consumer<String> lines) {
        LineCollector collector = new LineCollector(lines);
        var command = (request.follow() ? clients.follow() : client)
                .logContainerCmd(containerId)
                .withStdOut(true)
                .withStdErr(true)
                .withTimestamps(false)
                .withFollowStream(request.follow());
        if (request.tail() >= 0) {
            command.withTail(request.tail());
        }
        request.since()
                .ifPresent(since -> command.withSince((int) Math.min(Integer.MAX_VALUE, since.getEpochSecond())));
        try {
            command.exec(collector);
            if (request.follow()) {
                collector.awaitCompletion();
            } else if (!collector.awaitCompletion(LOGS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DockerOperationException("reading the log of container " + EngineErrors.shortId(containerId)
                        + " took longer than " + EngineErrors.seconds(LOGS_TIMEOUT));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (DockerOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw errors.failure("reading the log of container " + EngineErrors.shortId(containerId), e);
        } finally {
            DockerClients.closeQuietly(collector);
            collector.flush();
        }
    }

    /** Splits frames into lines; a line split across frames is joined. */
    static final class LineCollector extends ResultCallback.Adapter<Frame> {
        private final Consumer<String> lines;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        LineCollector(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void onNext(Frame frame) {
            if (frame == null || frame.getPayload() == null) {
                return;
            }
            for (byte b : frame.getPayload()) {
                if (b == '\n') {
                    emit();
                } else {
                    partial.write(b);
                }
            }
        }

        synchronized void flush() {
            if (partial.size() > 0) {
                emit();
            }
        }

        private void emit() {
            String line = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
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
