package reflector.setup.backup;

import reflector.setup.text.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.Map;
import java.util.HashMap;
import java.util.zip.Deflater;
import reflector.setup.archive.ConcatenatedTar;
import reflector.setup.archive.LevelledGzipOutputStream;
import reflector.setup.core.InstallerException;
import reflector.setup.archive.TarEntry;
import reflector.setup.archive.TarWriter;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.envfile.EnvFile;
import reflector.setup.output.Console;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.output.Progress;

/**
 * Writes one archive (tar.gz, created 0600: it holds every secret of the deployment) of a running
 * deployment: manifest.json, the env files and configuration, a dump of the database and the
 * volumes of {@link Contents#VOLUMES}.
 *
 * <p>The recordings and Garage's data blocks ({@link Contents#BULK_VOLUMES}) are copied while
 * everything runs. Then the writing services are paused ({@link Paused}) for one consistent
 * moment, which does not grow with the recordings: the database is dumped, Garage's metadata
 * copied, and the files that appeared or changed since each bulk copy began are added to it
 * ({@link ConcatenatedTar}: one member per volume, extracted in order). The parts are spooled
 * next to the archive and hashed; the archive is written under a temporary name and renamed when
 * complete, the bulk volumes stored without compression.
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
    public record Result(Path archive, long bytes, Duration duration, BackupManifest manifest, List<String> paused,
            Duration pausedFor) {
    }

    public Backup(Docker docker, Console console, Clock clock, String installerVersion, SecretMasker masker) {
        this.docker = docker;
        this.console = console;
        this.clock = clock;
        this.installerVersion = installerVersion;
        this.masker = masker;
    }

    /** The default archive: DIR/backups/reflector-PROJECT-YYYYMMDD-HHMMSS.tar.gz. */
    public static Path defaultOutput(Deployment deployment, Instant now) {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC)
                .format(now);
        return deployment.directory().resolve("backups").resolve("reflector-" + deployment.project() + "-" + stamp + ".tar.gz");
    }

    /**
     * @param installArguments the install options of the deployment (recorded, or read back from
     *                         it), kept in the manifest so that a restore can run the install again
     */
    public Result write(Deployment deployment, Path output, Optional<String> installArguments) throws IOException {
        Instant start = clock.instant();
        List<ContainerInfo> containers = docker.deploymentContainers(deployment);
        ContainerInfo postgres = containers.stream().filter(c -> "postgres".equals(c.service()) && c.running()).findFirst()
                .orElseThrow(() -> InstallerException.environment("a backup needs the deployment's database running, and "
                        + "service postgres is " + containers.stream().filter(c -> "postgres".equals(c.service()))
                                .map(ContainerInfo::state).findFirst().orElse("not there")
                        + "; start the deployment first (reflector-setup --dir " + deployment.directory() + " ...)"));
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            throw InstallerException.badInput(output + " exists; give another --output");
        }
        Path parent = output.toAbsolutePath().getParent();
        createPrivateDirectories(parent);
        Path spool = Files.createTempDirectory(parent, ".reflector-backup-",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        List<BulkCopy> bulk = new ArrayList<>();
        try {
            List<Part> parts = new ArrayList<>(files(deployment.directory()));
            List<String> volumes = presentVolumes(deployment.project());
            VolumeCopy copy = new VolumeCopy(docker, postgres.image());
            for (String volume : Contents.BULK_VOLUMES) {
                if (volumes.contains(volume)) {
                    bulk.add(BulkCopy.start(spool, copy, deployment.project() + "_" + volume, volume, console, clock));
                }
            }
            Map<String, Part> volumeParts = new HashMap<>();
            List<String> paused;
            Duration pausedFor;
            try (Paused writers = Paused.writersOf(docker, console, containers)) {
                Instant pauseStart = clock.instant();
                paused = writers.services();
                parts.add(spoolDatabase(spool, new Database(docker, postgres.id(), masker)));
                for (String volume : volumes) {
                    if (!Contents.BULK_VOLUMES.contains(volume)) {
                        volumeParts.put(volume, spoolVolume(spool, copy, deployment.project(), volume));
                    }
                }
                for (BulkCopy volume : bulk) {
                    volumeParts.put(volume.name(), volume.finishWithChanges(copy));
                }
                pausedFor = Duration.between(pauseStart, clock.instant());
            }
            if (!paused.isEmpty()) {
                console.info("paused for " + seconds(pausedFor) + " of the backup");
            }
            volumes.forEach(volume -> parts.add(volumeParts.get(volume)));
            BackupManifest manifest = manifest(deployment, start, parts, paused, installArguments);
            Path partial = parent.resolve("." + output.getFileName() + ".partial");
            writeArchive(partial, manifest, parts);
            Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE);
            long size = Files.size(output);
            return new Result(output, size, Duration.between(start, clock.instant()), manifest, paused, pausedFor);
        } finally {
            bulk.forEach(BulkCopy::closeQuietly);
            deleteTree(spool);
        }
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** One member of the archive: in memory (a file) or spooled (the dump, a volume); stored when compressing it gains nothing. */
    record Part(BackupManifest.Entry entry, byte[] bytes, Path spooled, boolean stored) {
        InputStream open() throws IOException {
            return bytes != null ? new java.io.ByteArrayInputStream(bytes) : Files.newInputStream(spooled);
        }
    }

    private List<Part> files(Path dir) throws IOException {
        List<Part> parts = new ArrayList<>();
        for (String file : Contents.FILES) {
            Path path = dir.resolve(file);
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(path);
            String mode = Contents.SECRET_FILES.contains(file) ? "600" : mode(path);
            parts.add(new Part(new BackupManifest.Entry(Contents.filePath(file), BackupManifest.Type.FILE, file, mode,
                    bytes.length, Sha256.hex(bytes)), bytes, null, false));
        }
        console.info("files: " + parts.size() + " (env files and configuration)");
        return parts;
    }

    private List<String> presentVolumes(String project) {
        List<String> existing = docker.volumes(project);
        return Contents.VOLUMES.stream().filter(volume -> existing.contains(project + "_" + volume)).toList();
    }

    private Part spoolDatabase(Path spool, Database database) throws IOException {
        Path file = spool.resolve("database.sql");
        Progress progress = new Progress(console, clock, "database " + Contents.DATABASE);
        MessageDigest digest = Sha256.digest();
        try (OutputStream out = progress.counting(new DigestOutputStream(Files.newOutputStream(file), digest))) {
            database.dump(out);
        }
        progress.done();
        return new Part(new BackupManifest.Entry(Contents.DATABASE_PATH, BackupManifest.Type.DATABASE, Contents.DATABASE,
                null, Files.size(file), HexFormat.of().formatHex(digest.digest())), null, file, false);
    }

    private Part spoolVolume(Path spool, VolumeCopy copy, String project, String volume) throws IOException {
        Path file = spool.resolve(volume + ".tar");
        Progress progress = new Progress(console, clock, "volume " + volume);
        MessageDigest digest = Sha256.digest();
        try (OutputStream out = progress.counting(new DigestOutputStream(Files.newOutputStream(file), digest))) {
            copy.export(project + "_" + volume, out);
        }
        progress.done();
        return new Part(new BackupManifest.Entry(Contents.volumePath(volume), BackupManifest.Type.VOLUME, volume, null,
                Files.size(file), HexFormat.of().formatHex(digest.digest())), null, file, false);
    }

    private BackupManifest manifest(Deployment deployment, Instant start, List<Part> parts, List<String> paused,
            Optional<String> installArguments) throws IOException {
        Path rootEnv = deployment.directory().resolve(".env");
        EnvFile root = Files.isRegularFile(rootEnv) ? EnvFile.parse(Files.readString(rootEnv)) : EnvFile.parse("");
        String consistency = paused.isEmpty() ? "nothing was paused (no writing service ran)"
                : String.join(", ", paused) + " paused while the database was dumped, Garage's metadata copied and the "
                        + "files changed during the copy of " + String.join(" and ", Contents.BULK_VOLUMES) + " added";
        return new BackupManifest(start, installerVersion, deployment.directory().toString(), deployment.project(),
                nonEmpty(root.get("REFLECTOR_VERSION")), nonEmpty(root.get("REFLECTOR_IMAGE_TAG")),
                installArguments, consistency,
                parts.stream().map(Part::entry).toList());
    }

    private void writeArchive(Path partial, BackupManifest manifest, List<Part> parts) throws IOException {
        long now = clock.instant().getEpochSecond();
        Progress progress = new Progress(console, clock, "archive");
        try (OutputStream file = Files.newOutputStream(Files.createFile(partial, PosixFilePermissions.asFileAttribute(OWNER_ONLY)),
                StandardOpenOption.WRITE);
                LevelledGzipOutputStream gzip = new LevelledGzipOutputStream(progress.counting(file), 1 << 16);
                TarWriter tar = new TarWriter(gzip)) {
            tar.add(BackupManifest.PATH, 0600, now, manifest.bytes());
            for (Part part : parts) {
                gzip.level(part.stored() ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION);
                int mode = part.entry().mode() == null ? 0600 : Integer.parseInt(part.entry().mode(), 8);
                try (InputStream in = part.open()) {
                    tar.add(new TarEntry(part.entry().path(), mode, part.entry().bytes(), now), in);
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        progress.done();
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

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is private to this user
        }
    }
}
