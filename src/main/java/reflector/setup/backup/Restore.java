package reflector.setup.backup;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import reflector.setup.archive.TarEntry;
import reflector.setup.archive.TarReader;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.ProjectName;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.ComposeProject;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.envfile.EnvFile;
import reflector.setup.files.AtomicFiles;
import reflector.setup.files.FileKind;
import reflector.setup.output.Console;
import reflector.setup.output.Progress;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.steps.Sleeper;
import reflector.setup.text.Sha256;

/**
 * Reads a backup archive back into a deployment directory, in the archive's order and in one
 * pass: the manifest first ({@link #open}), then the files ({@link #writeFiles}), then the database
 * and the volumes, in the order the archive holds them ({@link #restoreData}). The archive was checked whole before ({@link ArchiveCheck});
 * each member is checked against the manifest's size and SHA-256 again as it passes, in case the
 * file changed since. Starting the stack and waiting for health is the install's work, which the
 * caller runs afterwards with the restored settings ({@link RestoreRun} does all of it).
 */
public final class Restore implements Closeable {
    private final Path archive;
    private final InputStream in;
    private final TarReader reader;
    private final BackupManifest manifest;
    private TarEntry pending;

    private Restore(Path archive, InputStream in, TarReader reader, BackupManifest manifest) {
        this.archive = archive;
        this.in = in;
        this.reader = reader;
        this.manifest = manifest;
    }

    /** Opens the archive and reads its manifest; anything else than a backup of this installer is bad input. */
    public static Restore open(Path archive) {
        InputStream in = null;
        try {
            in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16);
            TarReader reader = new TarReader(in);
            TarEntry first = reader.next().orElseThrow(() -> new IOException("the archive is empty"));
            if (!first.name().equals(BackupManifest.PATH)) {
                throw new IOException("its first member is " + first.name() + ", not " + BackupManifest.PATH);
            }
            BackupManifest manifest = BackupManifest.parse(reader.content().readAllBytes());
            return new Restore(archive, in, reader, manifest);
        } catch (NoSuchFileException e) {
            close(in);
            throw InstallerException.badInput("no backup archive at " + archive);
        } catch (ZipException e) {
            close(in);
            throw InstallerException.badInput(archive + " is not a backup archive (not gzip: " + e.getMessage() + ")");
        } catch (IOException e) {
            close(in);
            throw InstallerException.badInput(
                    archive + " is not a backup archive this installer can read: " + e.getMessage());
        }
    }

    public BackupManifest manifest() {
        return manifest;
    }

    /**
     * Writes the archive's files into the directory (secret files 0600), replacing what is there.
     * With {@code project}, the restored root .env names that Compose project instead of the
     * archive's. Returns the files written; {@code journal} learns that they changed.
     */
    public List<String> writeFiles(Path dir, Optional<String> project, RestoreJournal journal) throws IOException {
        List<String> written = new ArrayList<>();
        journal.doing("writing the files");
        for (TarEntry entry = nextEntry(); entry != null; entry = nextEntry()) {
            BackupManifest.Entry expected = expected(entry);
            if (expected.type() != BackupManifest.Type.FILE) {
                pending = entry;
                break;
            }
            String file = expected.source();
            if (!Contents.FILES.contains(file)) {
                throw damaged("it names a file this installer does not restore: " + file);
            }
            byte[] bytes = verified(expected, reader.content());
            String content = new String(bytes, StandardCharsets.UTF_8);
            if (file.equals(DeploymentFiles.ROOT_ENV) && project.isPresent()) {
                EnvFile root = EnvFile.parse(content);
                root.set(ProjectName.VARIABLE, project.get());
                content = root.render();
            }
            FileKind kind = Contents.SECRET_FILES.contains(file) ? FileKind.SECRET : FileKind.PLAIN;
            journal.replacing("files");
            Files.createDirectories(dir.resolve(file).getParent());
            AtomicFiles.write(dir.resolve(file), content, kind);
            written.add(file);
        }
        if (!written.isEmpty()) {
            journal.replaced("files");
        }
        return written;
    }

    /** What {@link #restoreData} put back. */
    public record Data(boolean database, List<String> volumes) {}

    /**
     * Starts the deployment's database alone, replaces it with the dump, then each volume's files:
     * every volume member is first unpacked into a temporary volume, and only once all of them
     * unpacked are the real volumes replaced ({@link StagedVolumes}; volumes that do not exist yet
     * are created as Compose would). The deployment's other containers must be gone
     * ({@code compose down}), so that nothing uses the volumes. {@code journal} learns each change.
     */
    public Data restoreData(
            Docker docker,
            Deployment deployment,
            ComposeProject compose,
            Console console,
            Clock clock,
            SecretMasker masker,
            Sleeper sleeper,
            RestoreJournal journal)
            throws IOException, InterruptedException {
        boolean database = false;
        StagedVolumes staged = null;
        ContainerInfo postgres = null;
        try {
            for (TarEntry entry = takePending(); entry != null; entry = nextEntry()) {
                BackupManifest.Entry expected = expected(entry);
                if (expected.type() == BackupManifest.Type.FILE) {
                    throw damaged("a file after the database and volumes: " + entry.name());
                }
                if (postgres == null) {
                    journal.doing("starting PostgreSQL alone");
                    journal.containers("stopped, but for PostgreSQL started alone for the restore");
                    postgres = startPostgres(docker, deployment, compose, console);
                    staged = new StagedVolumes(
                            docker, postgres.image(), deployment.project(), archive, masker, console, journal, clock);
                }
                switch (expected.type()) {
                    case FILE -> throw new IllegalStateException("files were taken above");
                    case DATABASE -> {
                        if (database) {
                            throw damaged("a second database dump: " + entry.name());
                        }
                        Database db = new Database(docker, postgres.id(), masker);
                        db.awaitReady(clock, sleeper);
                        journal.doing("loading the database");
                        journal.replacing("database");
                        db.recreate();
                        Progress progress = new Progress(
                                console, clock, "database " + Contents.DATABASE, OptionalLong.of(expected.bytes()));
                        verifying(expected, reader.content(), stream -> db.load(progress.counting(stream)));
                        progress.done();
                        journal.replaced("database");
                        database = true;
                    }
                    case VOLUME -> {
                        if (!Contents.VOLUMES.contains(expected.source())) {
                            throw damaged("it names a volume this installer does not restore: " + expected.source());
                        }
                        journal.doing("unpacking the volumes into temporary volumes");
                        Progress progress = new Progress(
                                console,
                                clock,
                                "volume " + expected.source() + " (unpacked " + entry.name() + ")",
                                OptionalLong.of(expected.bytes()));
                        StagedVolumes into = staged;
                        verifying(
                                expected, reader.content(), stream -> into.stage(expected, progress.counting(stream)));
                        progress.done();
                    }
                }
            }
            if (!database) {
                throw damaged("it holds no database dump");
            }
            journal.doing("replacing the volumes with the unpacked ones");
            staged.replaceAll();
            return new Data(database, staged.volumes());
        } finally {
            if (staged != null) {
                staged.close();
            }
        }
    }

    private static ContainerInfo startPostgres(
            Docker docker, Deployment deployment, ComposeProject compose, Console console) {
        console.info("starting postgres alone to restore the database");
        compose.up(List.of("postgres"));
        return docker.deploymentContainers(deployment).stream()
                .filter(c -> "postgres".equals(c.service()) && c.running())
                .findFirst()
                .orElseThrow(() -> InstallerException.serviceFailed("postgres did not start; see `reflector-setup "
                        + "logs postgres --dir " + deployment.directory() + "`"));
    }

    /** A volume Compose has not made yet is made with Compose's labels, so that Compose takes it as its own. */
    static void ensureVolume(Docker docker, String project, String volume) {
        String name = project + "_" + volume;
        if (docker.volumes(project).contains(name)) {
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("com.docker.compose.project", project);
        labels.put("com.docker.compose.volume", volume);
        docker.composeVersion()
                .map(version -> version.replaceFirst("-.*$", ""))
                .ifPresent(version -> labels.put("com.docker.compose.version", version));
        docker.createVolume(name, labels);
    }

    @FunctionalInterface
    private interface Consumer {
        void accept(InputStream stream) throws IOException;
    }

    /** Passes the member to {@code use}, then reads what it left and checks size and SHA-256. */
    private void verifying(BackupManifest.Entry expected, InputStream content, Consumer use) throws IOException {
        MessageDigest digest = Sha256.digest();
        long[] count = {0};
        InputStream counted = new FilterInputStream(new DigestInputStream(content, digest)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count[0] += n;
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count[0]++;
                }
                return b;
            }

            @Override
            public void close() {
                // the archive stays open for the next member
            }
        };
        use.accept(counted);
        counted.transferTo(OutputStream.nullOutputStream());
        check(expected, count[0], HexFormat.of().formatHex(digest.digest()));
    }

    private byte[] verified(BackupManifest.Entry expected, InputStream content) throws IOException {
        byte[] bytes = content.readAllBytes();
        check(expected, bytes.length, Sha256.hex(bytes));
        return bytes;
    }

    private void check(BackupManifest.Entry expected, long bytes, String sha256) throws IOException {
        if (bytes != expected.bytes() || !sha256.equals(expected.sha256())) {
            throw damaged(
                    expected.path() + " does not match the manifest (" + bytes + " bytes, sha256 " + sha256 + ")");
        }
    }

    private BackupManifest.Entry expected(TarEntry entry) throws IOException {
        return manifest.entry(entry.name())
                .orElseThrow(() -> damaged("its member " + entry.name() + " is not in the manifest"));
    }

    private TarEntry takePending() throws IOException {
        TarEntry entry = pending;
        pending = null;
        return entry != null ? entry : nextEntry();
    }

    private TarEntry nextEntry() throws IOException {
        return reader.next().orElse(null);
    }

    private IOException damaged(String why) {
        return new IOException(archive + " is damaged or not this installer's: " + why);
    }

    @Override
    public void close() {
        close(in);
    }

    private static void close(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }
}
