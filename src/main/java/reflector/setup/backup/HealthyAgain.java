package reflector.setup.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Docker;
import reflector.setup.output.Console;
import reflector.setup.steps.Sleeper;

/**
 * After the pause, waits until each paused container that was healthy before it is healthy again.
 * The engine judges a health probe that lands during a pause as failed and keeps the container
 * "unhealthy" until its next probe passes, so `status`, monitoring, or a Compose `depends_on:
 * service_healthy` right after a backup would see a fault that is not there. The backup is done
 * only when the deployment is back as it found it, or it says which service is not.
 */
final class HealthyAgain {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private HealthyAgain() {}

    /** @param before the deployment's containers as listed before the pause */
    static void await(
            Docker docker,
            Console console,
            Clock clock,
            Sleeper sleeper,
            List<ContainerInfo> before,
            List<String> pausedServices) {
        List<String> ids = before.stream()
                .filter(container -> pausedServices.contains(container.service()))
                .filter(container -> container.health().equals(Optional.of("healthy")))
                .map(ContainerInfo::id)
                .toList();
        if (ids.isEmpty()) {
            return;
        }
        Instant start = clock.instant();
        List<ContainerInfo> notYet = notHealthy(docker, ids);
        try {
            while (!notYet.isEmpty() && Duration.between(start, clock.instant()).compareTo(TIMEOUT) < 0) {
                sleeper.sleep(Duration.ofSeconds(1));
                notYet = notHealthy(docker, ids);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (notYet.isEmpty()) {
            console.info(
                    "healthy again after the pause (" + Backup.seconds(Duration.between(start, clock.instant())) + ")");
            return;
        }
        console.warn(String.join(
                        ", ", notYet.stream().map(ContainerInfo::service).toList()) + " not healthy again "
                + TIMEOUT.toSeconds() + " s after the pause: see `reflector-setup status` and `reflector-setup logs`");
    }

    private static List<ContainerInfo> notHealthy(Docker docker, List<String> ids) {
        List<ContainerInfo> notHealthy = new ArrayList<>();
        for (ContainerInfo container : docker.containers()) {
            if (ids.contains(container.id()) && !container.health().equals(Optional.of("healthy"))) {
                notHealthy.add(container);
            }
        }
        return notHealthy;
    }
}
