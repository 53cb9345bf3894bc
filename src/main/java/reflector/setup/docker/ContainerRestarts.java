package reflector.setup.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import java.time.Duration;
import java.util.Objects;

/**
 * `docker restart --time`: the engine stops the container within the timeout, then starts it
 * again; `docker stop --time` then `docker rm` (its volumes kept); and `docker pause`/`unpause`,
 * which freeze a container's processes and let them go on.
 */
final class ContainerRestarts {
    /**
     * What a restart may take beyond its stop timeout (starting the container again); a restart
     * whose stop timeout plus this exceeds {@link DockerClients#QUERY_RESPONSE_TIMEOUT} uses the stream client.
     */
    static final Duration RESTART_START_ALLOWANCE = Duration.ofSeconds(30);

    private final DockerClients clients;
    private final EngineErrors errors;

    ContainerRestarts(DockerClients clients, EngineErrors errors) {
        this.clients = clients;
        this.errors = errors;
    }

    void restart(String containerId, Duration timeout) {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative restart timeout: " + timeout);
        }
        long stopSeconds = timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0); // whole seconds, rounded up
        if (stopSeconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("restart timeout too long: " + timeout);
        }
        // The engine answers only once the container is stopped and started again: a stop
        // timeout longer than the short client's response timeout needs the patient one.
        DockerClient which = timeout.plus(RESTART_START_ALLOWANCE).compareTo(DockerClients.QUERY_RESPONSE_TIMEOUT) <= 0
                ? clients.query
                : clients.stream;
        try {
            which.restartContainerCmd(containerId)
                    .withTimeout((int) stopSeconds)
                    .exec();
        } catch (RuntimeException e) {
            throw errors.failure("restarting container " + EngineErrors.shortId(containerId), e);
        }
    }

    void remove(String containerId, Duration timeout) {
        Objects.requireNonNull(containerId, "containerId");
        long stopSeconds = Math.max(0, timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0));
        if (stopSeconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("stop timeout too long: " + timeout);
        }
        DockerClient which = timeout.plus(RESTART_START_ALLOWANCE).compareTo(DockerClients.QUERY_RESPONSE_TIMEOUT) <= 0
                ? clients.query
                : clients.stream;
        try {
            which.stopContainerCmd(containerId).withTimeout((int) stopSeconds).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped, or already gone
        } catch (RuntimeException e) {
            throw errors.failure("stopping container " + EngineErrors.shortId(containerId), e);
        }
        try {
            clients.query
                    .removeContainerCmd(containerId)
                    .withRemoveVolumes(false)
                    .withForce(true)
                    .exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            throw errors.failure("removing container " + EngineErrors.shortId(containerId), e);
        }
    }

    void pause(String containerId) {
        try {
            clients.query.pauseContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            throw errors.failure("pausing container " + EngineErrors.shortId(containerId), e);
        }
    }

    void unpause(String containerId) {
        try {
            clients.query.unpauseContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            throw errors.failure("unpausing container " + EngineErrors.shortId(containerId), e);
        }
    }
}
