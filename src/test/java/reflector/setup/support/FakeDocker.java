package reflector.setup.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import reflector.setup.archive.ConcatenatedTar;
import reflector.setup.archive.TarWriter;
import reflector.setup.docker.ComposeConfig;
import reflector.setup.docker.ComposeProject;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.docker.EngineInfo;
import reflector.setup.docker.ExecResult;
import reflector.setup.docker.ImageBuild;
import reflector.setup.docker.LogRequest;
import reflector.setup.docker.PublishedPort;
import reflector.setup.docker.PullProgressListener;

/**
 * An in-memory Docker for step tests: an engine with settable facts, containers the test
 * arranges, and a record of every request ({@link #calls}) and pull.
 */
public final class FakeDocker implements Docker {
    /** The project of the containers this fake makes, the one {@link SettingsBuilder} and the CLI tests use. */
    public static final String PROJECT = "reflector-test";

    public final List<String> composedProjects = new ArrayList<>();
    public EngineInfo engine =
            new EngineInfo("26.1.5", "1.45", "/var/lib/docker", 64L << 30, Set.of("runc"), List.of());
    public Optional<String> composeVersion = Optional.of("2.26.1");
    public final List<ContainerInfo> containers = new CopyOnWriteArrayList<>();
    /** What the steps asked of Compose and the engine, in order. */
    public final List<Call> calls = new CopyOnWriteArrayList<>();

    public final List<String> pulls = new CopyOnWriteArrayList<>();
    public boolean pullFails;
    /** What `compose config` says the services publish. */
    public Map<String, List<PublishedPort>> publishedPorts = Map.of();
    /** What `compose config` says the services build; their images get a new ID on each `compose build`. */
    public Map<String, ImageBuild> builds = Map.of();
    /** Whether `compose config` could interpolate (false: only the file as written). */
    public boolean interpolated = true;
    /** The fingerprint `compose config` gives the whole configuration. */
    public String configFingerprint = "config-1";
    /** The IDs of the images the engine has, by reference. */
    public final Map<String, String> imageIds = new ConcurrentHashMap<>();

    private final AtomicInteger buildNumber = new AtomicInteger();
    public boolean localImages = true;
    public String logs = "";
    /** Runs when a pull starts, and when `compose build` starts (e.g. to see what runs at the same time). */
    public Consumer<String> onPull = image -> {};

    public Consumer<List<String>> onBuild = services -> {};
    /** Runs on `compose up`, e.g. to put containers in place. */
    public Consumer<List<String>> onUp = services -> {};
    /** Runs on `compose down`; by default the deployment's containers are gone. */
    public Runnable onDown = containers::clear;

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
    public Optional<String> imageId(String image) {
        return Optional.ofNullable(imageIds.get(image));
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

    /** What {@link #exec} and {@link #runWithVolume} answer: exit code, stdout and stderr. */
    public record Answer(int exitCode, byte[] stdout, String stderr) {
        public static Answer ok(byte[] stdout) {
            return new Answer(0, stdout, "");
        }
    }

    /** A command a container ran, and the input it was given (empty without one). */
    public record Ran(String container, List<String> command, byte[] stdin) {}

    /** Every exec, in order. */
    public final List<Ran> execs = new CopyOnWriteArrayList<>();
    /** Every helper container: its volume (":ro" appended when read-only) as {@code container}. */
    public final List<Ran> helpers = new CopyOnWriteArrayList<>();
    /** The volumes there are, with their labels. */
    public final Map<String, Map<String, String>> volumes = new ConcurrentSkipListMap<>();
    /** What each volume holds, as the bytes `tar -c` of it gives (the fake's own stand-in for files). */
    public final Map<String, byte[]> volumeContents = new ConcurrentHashMap<>();
    /** The database as `pg_dump` prints it; `psql` fed a dump makes it the database. */
    public volatile byte[] database = "-- PostgreSQL database dump\n".getBytes(StandardCharsets.UTF_8);
    /** The log lines {@link #logs(String, LogRequest, Consumer)} gives; {@link #logs}' lines while empty. */
    public final List<String> logLines = new CopyOnWriteArrayList<>();

    public final List<LogRequest> logRequests = new CopyOnWriteArrayList<>();
    /** alembic_version's rows as psql reads them for the schema check; null while the table does not exist. */
    public volatile List<String> alembicVersion;
    /** What {@link #copyFromContainer} finds: per "container id:path", the files in that directory by name. */
    public final Map<String, Map<String, String>> containerFiles = new ConcurrentHashMap<>();

    /** Answers an exec; the default acts as PostgreSQL's tools do for the backup and restore. */
    public Function<Ran, Answer> onExec = this::postgres;
    /** Answers a helper container; the default acts as tar and find on {@link #volumeContents}. */
    public Function<Ran, Answer> onHelper = this::volumeTools;

    @Override
    public void logs(String containerId, LogRequest request, Consumer<String> lines) {
        logRequests.add(request);
        if (logLines.isEmpty()) {
            logs.lines().forEach(lines); // what the tail-only call gives, line by line
        } else {
            logLines.forEach(lines);
        }
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, InputStream stdin, OutputStream stdout) {
        Ran ran = new Ran(containerId, List.copyOf(command), readAll(stdin));
        execs.add(ran);
        calls.add(new Call("exec", concat(List.of(containerId), command)));
        return answer(onExec.apply(ran), stdout);
    }

    @Override
    public ExecResult runWithVolume(
            String image,
            String volume,
            boolean readOnly,
            List<String> command,
            InputStream stdin,
            OutputStream stdout) {
        Ran ran = new Ran(volume + (readOnly ? ":ro" : ""), List.copyOf(command), readAll(stdin));
        helpers.add(ran);
        calls.add(new Call("helper", concat(List.of(image, ran.container()), command)));
        return answer(onHelper.apply(ran), stdout);
    }

    /**
     * A helper with two volumes (as {@link #helpers}' entries, with "FROM:ro>TO" as {@code container});
     * the default acts as the restore's copy: the target then holds what the source holds.
     */
    public Function<Ran, Answer> onCopy = ran -> {
        String[] volumes = ran.container().split(":ro>");
        volumeContents.put(volumes[1], volumeContents.getOrDefault(volumes[0], new byte[0]));
        return Answer.ok(new byte[0]);
    };

    @Override
    public ExecResult runWithTwoVolumes(String image, String from, String to, List<String> command) {
        Ran ran = new Ran(from + ":ro>" + to, List.copyOf(command), new byte[0]);
        helpers.add(ran);
        calls.add(new Call("helper", concat(List.of(image, ran.container()), command)));
        return answer(onCopy.apply(ran), null);
    }

    @Override
    public boolean copyFromContainer(String containerId, String path, OutputStream tar) {
        calls.add(Call.of("copy", containerId, path));
        Map<String, String> files = containerFiles.get(containerId + ":" + path);
        if (files == null) {
            return false;
        }
        String top = path.substring(path.lastIndexOf('/') + 1);
        try (TarWriter writer = new TarWriter(tar)) {
            for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                writer.add(top + "/" + file.getKey(), 0644, 0, file.getValue().getBytes(StandardCharsets.UTF_8));
            }
            writer.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    /** One alembic version file, as upstream writes its identifiers. */
    public static String migrationFile(String revision, String... downRevisions) {
        String down = downRevisions.length == 0
                ? "None"
                : downRevisions.length == 1
                        ? "\"" + downRevisions[0] + "\""
                        : "("
                                + Arrays.stream(downRevisions)
                                        .map(r -> "\"" + r + "\"")
                                        .collect(Collectors.joining(", "))
                                + ")";
        return "\"\"\"a migration\n\nRevision ID: " + revision + "\n\"\"\"\n\nrevision: str = \"" + revision
                + "\"\ndown_revision: Union[str, None] = " + down + "\n";
    }

    /** The migrations the server container's image carries (at /app/migrations/versions): revision → its down revisions. */
    public void serverMigrations(Map<String, List<String>> graph) {
        Map<String, String> files = new TreeMap<>();
        graph.forEach((revision, down) ->
                files.put(revision + "_migration.py", migrationFile(revision, down.toArray(String[]::new))));
        containerFiles.put("id-server:/app/migrations/versions", files);
    }

    /** The head of {@link #runningAtTheSchemaHead}'s migrations: v0.34.0's, the version {@link SettingsBuilder} deploys. */
    public static final String SCHEMA_HEAD = "623af934249a";

    /**
     * A deployment whose postgres and server run, the server image carrying two migrations
     * (3aa20b96d963, then {@link #SCHEMA_HEAD}) and the database at the head, as after a good start.
     */
    public void runningAtTheSchemaHead() {
        for (String service : List.of("postgres", "server")) {
            if (containers.stream().noneMatch(c -> c.service().equals(service))) {
                containers.add(container(service, "running", "healthy"));
            }
        }
        serverMigrations(Map.of("3aa20b96d963", List.of(), SCHEMA_HEAD, List.of("3aa20b96d963")));
        alembicVersion = List.of(SCHEMA_HEAD);
    }

    @Override
    public List<String> volumes(String project) {
        return volumes.entrySet().stream()
                .filter(e -> project.equals(e.getValue().get("com.docker.compose.project")))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        calls.add(Call.of("volume-create", name));
        volumes.put(name, Map.copyOf(labels));
    }

    @Override
    public void removeVolume(String name) {
        calls.add(Call.of("volume-remove", name));
        volumes.remove(name);
        volumeContents.remove(name);
    }

    /** Runs on each pause, e.g. to refuse one as the engine refuses a container that is restarting. */
    public Consumer<String> onPause = containerId -> {};

    @Override
    public void pause(String containerId) {
        calls.add(Call.of("pause", containerId));
        onPause.accept(containerId);
    }

    @Override
    public void unpause(String containerId) {
        calls.add(Call.of("unpause", containerId));
    }

    /** A volume of this fake's project, as Compose labels it. */
    public void volume(String name, String content) {
        volumes.put(
                PROJECT + "_" + name, Map.of("com.docker.compose.project", PROJECT, "com.docker.compose.volume", name));
        volumeContents.put(PROJECT + "_" + name, tarOf("content", content));
    }

    /** A volume's files as tar gives them: one file holding {@code content}. */
    public static byte[] tarOf(String file, String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes)) {
            tar.add(file, 0644, 0, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** What `find -newer ... -exec tar` gives for a volume: the files changed since a copy began (none by default). */
    public final Map<String, byte[]> changedSinceCopy = new ConcurrentHashMap<>();

    private Answer postgres(Ran ran) {
        String tool = ran.command().get(0);
        return switch (tool) {
            case "pg_dump" -> Answer.ok(database);
            case "pg_isready" -> Answer.ok(new byte[0]);
            case "psql" -> {
                String script = new String(ran.stdin(), StandardCharsets.UTF_8);
                if (script.contains("alembic_version")) {
                    List<String> rows = alembicVersion;
                    String answer = rows == null
                            ? "no-table\n"
                            : rows.stream().map(row -> "revision:" + row + "\n").collect(Collectors.joining());
                    yield Answer.ok(answer.getBytes(StandardCharsets.UTF_8));
                }
                if (ran.command().contains("reflector") && ran.stdin().length > 0) {
                    database = ran.stdin();
                }
                yield Answer.ok(new byte[0]);
            }
            default -> new Answer(127, new byte[0], tool + ": not found");
        };
    }

    private Answer volumeTools(Ran ran) {
        String volume = ran.container().replace(":ro", "");
        List<String> command = ran.command();
        if (command.get(0).equals("tar") && command.contains("-cf")) {
            return Answer.ok(volumeContents.getOrDefault(volume, new byte[0]));
        }
        if (command.get(0).equals("tar") && command.contains("-xf")) {
            if (ran.container().endsWith(":ro")) {
                return new Answer(2, new byte[0], "tar: read-only file system");
            }
            volumeContents.merge(volume, ran.stdin(), FakeDocker::extractedOver);
            return Answer.ok(new byte[0]);
        }
        if (command.get(0).equals("find") && command.contains("-delete")) {
            volumeContents.remove(volume);
            return Answer.ok(new byte[0]);
        }
        if (command.get(0).equals("sh") && command.get(2).contains("find . -mindepth 1 -newer /tmp/copy-began")) {
            return Answer.ok(changedSinceCopy.getOrDefault(volume, new byte[0]));
        }
        if (command.get(0).equals("sh") && command.get(2).equals("date +%s >&2; exec tar -C /volume -cf - .")) {
            return new Answer(0, volumeContents.getOrDefault(volume, new byte[0]), "1796680000\n");
        }
        if (command.get(0).equals("du")) {
            int bytes = volumeContents.getOrDefault(volume, new byte[0]).length;
            return Answer.ok(((bytes + 1023) / 1024 + "\t/volume\n").getBytes(StandardCharsets.US_ASCII));
        }
        return new Answer(127, new byte[0], command.get(0) + ": not found");
    }

    /** What a volume holds after tar extracted a second archive over the first: the entries of both, the later winning. */
    private static byte[] extractedOver(byte[] before, byte[] extracted) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        try {
            ConcatenatedTar tar = new ConcatenatedTar(joined);
            tar.write(before);
            tar.write(extracted);
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return joined.toByteArray();
    }

    private static byte[] readAll(InputStream in) {
        if (in == null) {
            return new byte[0];
        }
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExecResult answer(Answer answer, OutputStream stdout) {
        try {
            if (stdout != null) {
                stdout.write(answer.stdout());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExecResult(answer.exitCode(), answer.stderr());
    }

    @Override
    public void restartContainer(String containerId, Duration timeout) {
        calls.add(Call.of("restart", containerId));
    }

    @Override
    public void removeContainer(String containerId, Duration timeout) {
        calls.add(Call.of("remove-container", containerId));
        containers.removeIf(container -> container.id().equals(containerId));
    }

    @Override
    public ComposeProject compose(Deployment deployment, List<String> profiles, Consumer<String> output) {
        composedProjects.add(deployment.project());
        return new ComposeProject() {
            @Override
            public void validate() {
                calls.add(Call.of("validate"));
            }

            @Override
            public void build(List<String> services) {
                calls.add(new Call("build", List.copyOf(services)));
                services.stream()
                        .filter(builds::containsKey)
                        .forEach(service -> imageIds.put(
                                builds.get(service).image(), "sha256:build" + buildNumber.incrementAndGet()));
                onBuild.accept(services);
            }

            @Override
            public ComposeConfig config() {
                calls.add(Call.of("config"));
                if (!interpolated) {
                    return ComposeConfig.asWritten(publishedPorts);
                }
                Map<String, String> images = new HashMap<>();
                builds.forEach((service, build) -> images.put(service, build.image()));
                return new ComposeConfig(true, publishedPorts, builds, images, configFingerprint);
            }

            @Override
            public void up(List<String> services) {
                calls.add(new Call("up", List.copyOf(services)));
                onUp.accept(services);
            }

            @Override
            public void down() {
                calls.add(Call.of("down"));
                onDown.run();
            }
        };
    }

    /** Runs each time a user of this Docker lets it go (closes it). */
    public Runnable onClose = () -> {};

    @Override
    public void close() {
        onClose.run();
    }

    /**
     * One request and what it names: a Compose command (validate, build, published-ports, up, down)
     * with its services, where none means every service of the active profiles; a container's
     * restart, pause or unpause; a volume made or removed (volume-create, volume-remove); an exec
     * (the container, then the command) or a helper container (the image, the volume with ":ro"
     * when read-only, then the command).
     */
    public record Call(String action, List<String> args) {
        public static Call of(String action, String... args) {
            return new Call(action, List.of(args));
        }

        /** Whether this is that action, its arguments starting with these. */
        public boolean is(String action, String... first) {
            return this.action.equals(action)
                    && args.size() >= first.length
                    && args.subList(0, first.length).equals(List.of(first));
        }
    }

    private static List<String> concat(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return List.copyOf(all);
    }

    public static ContainerInfo container(String service, String state, String health) {
        return new ContainerInfo(
                "id-" + service,
                PROJECT + "-" + service + "-1",
                PROJECT,
                "",
                service,
                "image",
                "sha256:test-image",
                state,
                Optional.ofNullable(health),
                state,
                List.of());
    }
}
