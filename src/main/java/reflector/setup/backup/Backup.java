package reflector.setup.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.Deflater;
import reflector.setup.archive.TarGzFile;
import reflector.setup.config.RecordedOptions;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.envfile.EnvFile;
import reflector.setup.output.Console;
import reflector.setup.output.Progress;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.steps.Sleeper;
import reflector.setup.text.Sizes;

/**
 * Writes one archive (tar.gz, created 0600: it holds every secret of the deployment) of a running
 * deployment: manifest.json, the env files and configuration, a dump of the database and the
 * volumes of {@link Contents#VOLUMES}.
 *
 * <p>The recordings and Garage's data blocks ({@link Contents#BULK_VOLUMES}) are copied while
 * everything runs. Then the writing services are paused ({@link Paused}) for one consistent
 * moment, which does not grow with the recordings: the database is dumped, Garage's metadata
 * copied, and the files that appeared or changed since each bulk copy began are added, as a
 * second member of that volume ({@link BulkCopy}). Every member streams straight into
 * the archive ({@link TarGzFile}, no copy on disk), hashed as it passes, the bulk volumes stored
 * without compression; the manifest is written in its place at the start last, and the archive,
 * written under a temporary name, is renamed when complete.
 */
public final class Backup {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Docker docker;
    private final Console console;
    private final Clock clock;
    private final String installerVersion;
    private final SecretMasker masker;

    /**
     * What was written: the archive, its size, how long it took, its manifest, the services paused
     * and for how long.
     */
    public record Result(
            Path archive,
            long bytes,
            Duration duration,
            BackupManifest manifest,
            List<String> paused,
            Duration pausedFor) {}

    public Backup(Docker docker, Console console, Clock clock, String installerVersion, SecretMasker masker) {
        this.docker = docker;
        this.console = console;
        this.clock = clock;
        this.installerVersion = installerVersion;
        this.masker = masker;
    }

    /** The default archive: DIR/backups/reflector-PROJECT-YYYYMMDD-HHMMSS.tar.gz. */
    public static Path defaultOutput(Deployment deployment, Instant now) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(now);
        return deployment
                .directory()
                .resolve("backups")
                .resolve("reflector-" + deployment.project() + "-" + stamp + ".tar.gz");
    }

    /**
     * @param installOptions the install options of the deployment (recorded, or read back from
     *                       it), kept in the manifest so that a restore can run the install again
     */
    public Result write(Deployment deployment, Path output, Optional<RecordedOptions> installOptions)
            throws IOException {
        Instant start = clock.instant();
        List<ContainerInfo> containers = docker.deploymentContainers(deployment);
        ContainerInfo postgres = containers.stream()
                .filter(c -> "postgres".equals(c.service()) && c.running())
                .findFirst()
                .orElseThrow(
                        () -> InstallerException.environment("a backup needs the deployment's database running, and "
                                + "service postgres is "
                                + containers.stream()
                                        .filter(c -> "postgres".equals(c.service()))
                                        .map(ContainerInfo::state)
                                        .findFirst()
                                        .orElse("not there")
                                + "; start the deployment first (reflector-setup --dir " + deployment.directory()
                                + " ...)"));
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            throw InstallerException.badInput(output + " exists; give another --output");
        }
        Path parent = output.toAbsolutePath().getParent();
        createPrivateDirectories(parent);
        Path partial = parent.resolve("." + output.getFileName() + ".partial");
        List<String> paused;
        Duration pausedFor;
        BackupManifest manifest;
        try (FileChannel channel = createPartial(partial)) {
            BackupArchive archive = new BackupArchive(new TarGzFile(channel), start.getEpochSecond());
            TarGzFile.Reserved manifestPlace = archive.reserveManifest();
            List<BackupManifest.Entry> entries = new ArrayList<>(files(archive, deployment.directory()));
            List<String> volumes = presentVolumes(deployment.project());
            VolumeCopy copy = new VolumeCopy(docker, postgres.image());
            List<BulkCopy> bulk = new ArrayList<>();
            for (String volume : Contents.BULK_VOLUMES) {
                if (volumes.contains(volume)) {
                    BulkCopy pass =
                            BulkCopy.start(archive, copy, deployment.project() + "_" + volume, volume, console, clock);
                    entries.add(pass.entry());
                    bulk.add(pass);
                }
            }
            try (Paused writers = Paused.writersOf(docker, console, containers)) {
                Instant pauseStart = clock.instant();
                paused = writers.services();
                entries.add(database(archive, new Database(docker, postgres.id(), masker)));
                for (String volume : volumes) {
                    if (!Contents.BULK_VOLUMES.contains(volume)) {
                        entries.add(volume(archive, copy, deployment.project(), volume));
                    }
                }
                for (BulkCopy volume : bulk) {
                    entries.add(volume.finishWithChanges(archive, copy));
                }
                pausedFor = Duration.between(pauseStart, clock.instant());
            }
            if (!paused.isEmpty()) {
                console.info("paused for " + seconds(pausedFor) + " of the backup");
            }
            manifest = manifest(deployment, start, entries, paused, installOptions);
            archive.finish(manifestPlace, manifest);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE);
        long size = Files.size(output);
        console.info("archive: " + Sizes.human(size) + " written");
        HealthyAgain.await(docker, console, clock, Sleeper.SYSTEM, containers, paused);
        return new Result(output, size, Duration.between(start, clock.instant()), manifest, paused, pausedFor);
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** The archive under its temporary name, 0600 from its first byte; one left by a backup that was cut short is named. */
    private static FileChannel createPartial(Path partial) throws IOException {
        try {
            return FileChannel.open(
                    partial,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            throw InstallerException.environment(
                    partial + " exists: another backup to the same file runs, or one was cut "
                            + "short; remove it if none runs");
        }
    }

    private List<BackupManifest.Entry> files(BackupArchive archive, Path dir) throws IOException {
        List<BackupManifest.Entry> entries = new ArrayList<>();
        for (String file : Contents.FILES) {
            Path path = dir.resolve(file);
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(path);
            String mode = Contents.SECRET_FILES.contains(file) ? "600" : mode(path);
            entries.add(archive.file(Contents.filePath(file), file, mode, bytes));
        }
        console.info("files: " + entries.size() + " (env files and configuration)");
        return entries;
    }

    private List<String> presentVolumes(String project) {
        List<String> existing = docker.volumes(project);
        return Contents.VOLUMES.stream()
                .filter(volume -> existing.contains(project + "_" + volume))
                .toList();
    }

    private BackupManifest.Entry database(BackupArchive archive, Database database) throws IOException {
        Progress progress = new Progress(console, clock, "database " + Contents.DATABASE);
        BackupManifest.Entry entry = archive.stream(
                Contents.DATABASE_PATH,
                BackupManifest.Type.DATABASE,
                Contents.DATABASE,
                Deflater.DEFAULT_COMPRESSION,
                progress,
                database::dump);
        progress.done();
        return entry;
    }

    private BackupManifest.Entry volume(BackupArchive archive, VolumeCopy copy, String project, String volume)
            throws IOException {
        Progress progress = new Progress(console, clock, "volume " + volume);
        BackupManifest.Entry entry = archive.stream(
                Contents.volumePath(volume),
                BackupManifest.Type.VOLUME,
                volume,
                Deflater.DEFAULT_COMPRESSION,
                progress,
                out -> copy.export(project + "_" + volume, out));
        progress.done();
        return entry;
    }

    private BackupManifest manifest(
            Deployment deployment,
            Instant start,
            List<BackupManifest.Entry> entries,
            List<String> paused,
            Optional<RecordedOptions> installOptions)
            throws IOException {
        Path rootEnv = deployment.directory().resolve(".env");
        EnvFile root = Files.isRegularFile(rootEnv) ? EnvFile.parse(Files.readString(rootEnv)) : EnvFile.parse("");
        String consistency = paused.isEmpty()
                ? "nothing was paused (no writing service ran)"
                : String.join(", ", paused) + " paused while the database was dumped, Garage's metadata copied and the "
                        + "files changed during the copy of " + String.join(" and ", Contents.BULK_VOLUMES) + " added";
        return new BackupManifest(
                BackupManifest.SCHEMA_VERSION,
                start,
                installerVersion,
                deployment.directory().toString(),
                deployment.project(),
                nonEmpty(root.get("REFLECTOR_VERSION")),
                nonEmpty(root.get("REFLECTOR_IMAGE_TAG")),
                installOptions.map(RecordedOptions::entries).orElse(Map.of()),
                consistency,
                entries);
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createPrivateDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } catch (FileAlreadyExistsException raced) {
            // made meanwhile
        }
    }

    private static String mode(Path path) throws IOException {
        int bits = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(path)) {
            bits |= 1 << (8 - permission.ordinal());
        }
        return Integer.toOctalString(bits);
    }

    private static Optional<String> nonEmpty(Optional<String> value) {
        return value.filter(text -> !text.isEmpty());
    }
}
