package reflector.setup.backup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Docker;
import reflector.setup.output.Console;

/**
 * The services that write (server, worker, beat, garage) frozen with `docker pause` while the
 * database is dumped and the volumes copied, so that all of them are from one moment. They go on
 * when this closes, also when the backup fails, and when the installer is stopped (a shutdown
 * hook); a process killed outright leaves them paused: `docker unpause` or a re-run of the
 * installer starts them again.
 */
final class Paused implements AutoCloseable {
    private final Docker docker;
    private final Console console;
    private final List<ContainerInfo> containers;
    private final Thread hook;

    private Paused(Docker docker, Console console, List<ContainerInfo> containers) {
        this.docker = docker;
        this.console = console;
        this.containers = containers;
        this.hook = new Thread(this::unpauseAll, "unpause-on-exit");
    }

    static Paused writersOf(Docker docker, Console console, List<ContainerInfo> deployment) {
        List<ContainerInfo> writers = deployment.stream()
                .filter(container -> Contents.WRITERS.contains(container.service()) && container.running())
                .sorted(Comparator.comparingInt(container -> Contents.WRITERS.indexOf(container.service())))
                .toList();
        Paused paused = new Paused(docker, console, new ArrayList<>());
        Runtime.getRuntime().addShutdownHook(paused.hook);
        try {
            for (ContainerInfo container : writers) {
                try {
                    docker.pause(container.id());
                    paused.containers.add(container);
                } catch (RuntimeException e) {
                    if (stillRunning(docker, container)) {
                        throw e;
                    }
                    // It stopped since it was listed (a crash loop, as after a failed upgrade): it writes nothing.
                    console.info(container.service() + " is not running any more: not paused");
                }
            }
        } catch (RuntimeException e) {
            paused.close();
            throw e;
        }
        if (!writers.isEmpty()) {
            console.info("paused "
                    + String.join(
                            ", ", writers.stream().map(ContainerInfo::service).toList())
                    + " so that the database and the files are from one moment");
        }
        return paused;
    }

    private static boolean stillRunning(Docker docker, ContainerInfo container) {
        return docker.containers().stream().anyMatch(now -> now.id().equals(container.id()) && now.running());
    }

    List<String> services() {
        return containers.stream().map(ContainerInfo::service).toList();
    }

    private synchronized void unpauseAll() {
        for (ContainerInfo container : containers) {
            try {
                docker.unpause(container.id());
            } catch (RuntimeException e) {
                console.warn("could not unpause " + container.service() + " (" + e.getMessage()
                        + "); run `docker unpause " + container.name() + "`");
            }
        }
        containers.clear();
    }

    @Override
    public void close() {
        boolean any = !containers.isEmpty();
        unpauseAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, or ran, anyway
        }
        if (any) {
            console.info("unpaused the services");
        }
    }
}
