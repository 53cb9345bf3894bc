package reflector.setup.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import reflector.setup.docker.ComposeProject;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.docker.EngineInfo;
import reflector.setup.docker.PullProgressListener;

/**
 * An in-memory Docker for step tests: an engine with settable facts, containers the test
 * arranges, and a record of every Compose command, container restart and pull.
 */
public final class FakeDocker implements Docker {
    /** The project of the containers this fake makes, the one {@link SettingsBuilder} and the CLI tests use. */
    public static final String PROJECT = "reflector-test";
    public final List<String> composedProjects = new java.util.ArrayList<>();
    public EngineInfo engine = new EngineInfo("26.1.5", "1.45", "/var/lib/docker", 64L << 30, Set.of("runc"), List.of());
    public Optional<String> composeVersion = Optional.of("2.26.1");
    public final List<ContainerInfo> containers = new CopyOnWriteArrayList<>();
    /** What the steps asked of Compose and the engine, in order. */
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<String> pulls = new CopyOnWriteArrayList<>();
    public boolean pullFails;
    /** What `compose config` says the services publish. */
    public java.util.Map<String, List<reflector.setup.docker.PublishedPort>> publishedPorts = java.util.Map.of();
    public boolean localImages = true;
    public String logs = "";
    /** Runs when a pull starts, and when `compose build` starts (e.g. to see what runs at the same time). */
    public Consumer<String> onPull = image -> { };
    public Consumer<List<String>> onBuild = services -> { };
    /** Runs on `compose up`, e.g. to put containers in place. */
    public Consumer<List<String>> onUp = services -> { };

    @Override
    public String endpoint() {
        return "unix:///fake/docker.sock";
    }

    @Override
    public EngineInfo engine() {
        return engine;
    }

    @Override
    public Optional<String> composeVersion() {
        return composeVersion;
    }

    @Override
    public List<ContainerInfo> containers() {
        return new ArrayList<>(containers);
    }

    @Override
    public String logs(String containerId, int tailLines) {
        return logs;
    }

    @Override
    public boolean imageExists(String image) {
        return localImages;
    }

    @Override
    public void pull(String image, PullProgressListener listener, Duration timeout) {
        pulls.add(image);
        onPull.accept(image);
        listener.layer("abc123", "Downloading", 10, 100);
        if (pullFails) {
            throw new DockerOperationException("no registry reachable");
        }
        listener.layer("abc123", "Pull complete", 0, 0);
    }

    @Override
    public void restartContainer(String containerId, Duration timeout) {
        calls.add(Call.of("restart", containerId));
    }

    @Override
    public ComposeProject compose(reflector.setup.docker.Deployment deployment, List<String> profiles, Consumer<String> output) {
        composedProjects.add(deployment.project());
        return new ComposeProject() {
            @Override
            public void validate() {
                calls.add(Call.of("validate"));
            }

            @Override
            public void build(List<String> services) {
                calls.add(new Call("build", List.copyOf(services)));
                onBuild.accept(services);
            }

            @Override
            public java.util.Map<String, List<reflector.setup.docker.PublishedPort>> publishedPorts() {
                calls.add(Call.of("published-ports"));
                return publishedPorts;
            }

            @Override
            public void up(List<String> services) {
                calls.add(new Call("up", List.copyOf(services)));
                onUp.accept(services);
            }
        };
    }

    @Override
    public void close() {
    }

    /**
     * One request: a Compose command (validate, build, published-ports, up) with the services it
     * names, where none means every service of the active profiles; or a container restart.
     */
    public record Call(String action, List<String> services) {
        public static Call of(String action, String... services) {
            return new Call(action, List.of(services));
        }
    }

    public static ContainerInfo container(String service, String state, String health) {
        return new ContainerInfo("id-" + service, PROJECT + "-" + service + "-1", PROJECT, "", service, "image", state,
                Optional.ofNullable(health), state, List.of());
    }
}
