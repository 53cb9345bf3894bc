package reflector.setup.backup;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import reflector.setup.archive.TarEntry;
import reflector.setup.archive.TarGzFile;
import reflector.setup.archive.TarReader;
import reflector.setup.core.InstallerException;
import reflector.setup.output.Console;
import reflector.setup.output.Progress;
import reflector.setup.text.Sha256;

/**
 * Reads a backup archive once, whole, and says whether a restore can trust it: before a restore
 * stops, writes or drops anything, and on its own for {@code verify-backup}. Whole means: the gzip
 * stream ends with its trailer and a matching CRC (a cut or bit-flipped archive fails here even
 * where the tar layer looks fine), the tar stream ends with its end-of-archive marker, the
 * manifest names every member exactly once and nothing else, each member is where the restore
 * expects it (the files first; in a version 1 archive the database, then the volumes) and matches
 * the manifest's size and SHA-256. Each gzip member's CRC is checked (the archive has several:
 * {@link TarGzFile}).
 *
 * <p>What is not a backup at all (no file, not gzip, no manifest first, another format) is bad
 * input and thrown; damage is reported in the {@link Result}, naming the member where there is one.
 */
public final class ArchiveCheck {
    /** A manifest larger than this is not one this installer wrote (it lists a dozen members). */
    static final int MANIFEST_LIMIT = 16 << 20;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** One member that matched the manifest: its path, what it is, its size and SHA-256. */
    public record Member(String path, BackupManifest.Type type, String source, long bytes, String sha256) {}

    /**
     * What is wrong with the archive.
     *
     * @param member the member it is in or about, or null when it is the archive's end (gzip trailer, tar marker)
     */
    public record Damage(String member, String reason) {}

    /**
     * The archive as read: its manifest, the members that matched it, and the damage found (the
     * first; reading stops there).
     */
    public record Result(Path archive, BackupManifest manifest, List<Member> members, Optional<Damage> damage) {
        public boolean whole() {
            return damage.isEmpty();
        }

        /** The one-line message of the damage: the archive, the member, what is wrong. */
        public String message() {
            return damage.map(found -> archive + " is damaged: " + (found.member() == null ? "" : found.member() + ": ")
                            + found.reason())
                    .orElse(archive + " is whole");
        }

        /** This result when whole, else exit 3 with {@link #message()} and {@code then} (e.g. "nothing was changed"). */
        public Result orThrow(String then) {
            if (!whole()) {
                throw InstallerException.environment(message() + "; " + then);
            }
            return this;
        }
    }

    private final Console console;
    private final Clock clock;

    public ArchiveCheck(Console console, Clock clock) {
        this.console = console;
        this.clock = clock;
    }

    public Result check(Path archive) {
        long size;
        try {
            size = Files.size(archive);
        } catch (NoSuchFileException e) {
            throw InstallerException.badInput("no backup archive at " + archive);
        } catch (IOException e) {
            throw InstallerException.environment("cannot read " + archive + ": " + e.getMessage());
        }
        if (size == 0) {
            throw InstallerException.badInput(archive + " is empty, not a backup archive");
        }
        Progress progress = new Progress(console, clock, "checked " + archive.getFileName(), OptionalLong.of(size));
        try (InputStream file = Files.newInputStream(archive)) {
            Result result = check(archive, progress.counting(new BufferedInputStream(file, 1 << 16)));
            progress.done();
            return result;
        } catch (AccessDeniedException e) {
            throw InstallerException.environment("cannot read " + archive + ": permission denied");
        } catch (IOException e) {
            throw InstallerException.environment("cannot read " + archive + ": " + e.getMessage());
        }
    }

    private static Result check(Path archive, InputStream file) throws IOException {
        GZIPInputStream gzip;
        try {
            gzip = new GZIPInputStream(file, 1 << 16);
        } catch (ZipException e) {
            throw InstallerException.badInput(archive + " is not a backup archive (not gzip: " + e.getMessage() + ")");
        } catch (EOFException e) {
            return new Result(
                    archive,
                    null,
                    List.of(),
                    Optional.of(new Damage(null, "it ends inside its gzip header (cut short)")));
        }
        TarReader reader = new TarReader(gzip);
        BackupManifest manifest;
        try {
            manifest = manifest(archive, reader, gzip);
        } catch (DamageFound found) {
            return new Result(archive, null, List.of(), Optional.of(found.damage));
        }
        List<Member> members = new ArrayList<>();
        try {
            structure(manifest);
            members(manifest, reader, members);
            end(manifest, reader, gzip, members);
        } catch (DamageFound found) {
            return new Result(archive, manifest, List.copyOf(members), Optional.of(found.damage));
        }
        return new Result(archive, manifest, List.copyOf(members), Optional.empty());
    }

    /**
     * The first member, parsed. A manifest that does not parse is damage when the rest of the gzip
     * stream is damaged too (the CRC at its end covers the manifest), else another program's archive.
     */
    private static BackupManifest manifest(Path archive, TarReader reader, InputStream gzip) throws DamageFound {
        byte[] bytes;
        Optional<TarEntry> first;
        try {
            first = reader.next();
        } catch (IOException e) {
            if (e instanceof EOFException || e instanceof ZipException) {
                throw new DamageFound(BackupManifest.PATH, describe(e));
            }
            drain(gzip);
            throw InstallerException.badInput(
                    archive + " is not a backup archive (gzip, but not tar: " + e.getMessage() + ")");
        }
        try {
            if (first.isEmpty()) {
                throw InstallerException.badInput(archive + " is not a backup archive: it holds no member");
            }
            if (!first.get().name().equals(BackupManifest.PATH)) {
                throw InstallerException.badInput(
                        archive + " is not a backup archive of this installer: its first member is "
                                + first.get().name() + ", not " + BackupManifest.PATH);
            }
            if (first.get().size() > MANIFEST_LIMIT) {
                throw InstallerException.badInput(archive + " is not a backup archive of this installer: its "
                        + BackupManifest.PATH + " is " + first.get().size() + " bytes");
            }
            bytes = reader.content().readAllBytes();
        } catch (IOException e) {
            throw new DamageFound(BackupManifest.PATH, describe(e));
        }
        try {
            return BackupManifest.parse(bytes);
        } catch (IOException | RuntimeException notOurs) {
            drain(gzip);
            throw InstallerException.badInput(
                    archive + " is not a backup archive this installer can read: " + notOurs.getMessage());
        }
    }

    /** Each manifest entry once, where the restore looks for it, of a file, the database or a volume it restores. */
    private static void structure(BackupManifest manifest) throws DamageFound {
        Set<String> paths = new HashSet<>();
        int databases = 0;
        for (BackupManifest.Entry entry : manifest.entries()) {
            String where = BackupManifest.PATH + " entry " + entry.path();
            if (!paths.add(entry.path())) {
                throw new DamageFound(entry.path(), BackupManifest.PATH + " lists it twice");
            }
            List<String> expected =
                    switch (entry.type()) {
                        case FILE -> Contents.FILES.contains(entry.source())
                                ? List.of(Contents.filePath(entry.source()))
                                : List.of();
                        case DATABASE -> Contents.DATABASE.equals(entry.source())
                                ? List.of(Contents.DATABASE_PATH)
                                : List.of();
                        case VOLUME -> volumePaths(manifest.schemaVersion(), entry.source());
                    };
            if (expected.isEmpty()) {
                throw new DamageFound(
                        entry.path(),
                        where + " names a " + entry.type().name().toLowerCase(Locale.ROOT)
                                + " this installer does not restore: " + entry.source());
            }
            if (!expected.contains(entry.path())) {
                throw new DamageFound(entry.path(), where + " should be " + String.join(" or ", expected));
            }
            if (entry.bytes() < 0
                    || entry.sha256() == null
                    || !SHA256.matcher(entry.sha256()).matches()) {
                throw new DamageFound(entry.path(), where + " has no valid size and SHA-256");
            }
            if (entry.type() == BackupManifest.Type.DATABASE) {
                databases++;
            }
        }
        if (databases != 1) {
            throw new DamageFound(
                    Contents.DATABASE_PATH,
                    BackupManifest.PATH + " lists " + databases + " database dumps; a backup holds one");
        }
    }

    /** Where a volume's members are: a bulk volume has a second one from version 2 on. */
    private static List<String> volumePaths(int schemaVersion, String volume) {
        if (!Contents.VOLUMES.contains(volume)) {
            return List.of();
        }
        if (schemaVersion >= 2 && Contents.BULK_VOLUMES.contains(volume)) {
            return List.of(Contents.volumePath(volume), Contents.changedPath(volume));
        }
        return List.of(Contents.volumePath(volume));
    }

    /**
     * Whether a member of this type may follow one of type {@code last}: the files come first; a
     * version 1 archive then holds the database and then the volumes, a version 2 archive the
     * volumes' first copies, the database and their changes, as the backup makes them.
     */
    private static boolean inOrder(int schemaVersion, BackupManifest.Type last, BackupManifest.Type next) {
        if (schemaVersion == 1) {
            return next.ordinal() >= last.ordinal();
        }
        return next != BackupManifest.Type.FILE || last == BackupManifest.Type.FILE;
    }

    /** Every member after the manifest: listed, once, in the restore's order, matching its size and SHA-256. */
    private static void members(BackupManifest manifest, TarReader reader, List<Member> members) throws DamageFound {
        Set<String> seen = new HashSet<>();
        BackupManifest.Type last = BackupManifest.Type.FILE;
        String current = BackupManifest.PATH;
        try {
            for (Optional<TarEntry> next = reader.next(); next.isPresent(); next = reader.next()) {
                notOnlyFiles(reader);
                TarEntry entry = next.get();
                current = entry.name();
                BackupManifest.Entry expected = manifest.entry(entry.name())
                        .orElseThrow(() ->
                                new DamageFound(entry.name(), "an extra member: it is not in " + BackupManifest.PATH));
                if (!seen.add(entry.name())) {
                    throw new DamageFound(entry.name(), "the archive holds it twice");
                }
                if (!inOrder(manifest.schemaVersion(), last, expected.type())) {
                    throw new DamageFound(
                            entry.name(),
                            manifest.schemaVersion() == 1
                                    ? "out of order: a backup holds the files, then the database, then the volumes"
                                    : "out of order: a backup holds the files first");
                }
                last = expected.type();
                MessageDigest digest = Sha256.digest();
                long bytes;
                try (InputStream content = new DigestInputStream(reader.content(), digest)) {
                    bytes = content.transferTo(OutputStream.nullOutputStream());
                }
                String sha256 = HexFormat.of().formatHex(digest.digest());
                if (bytes != expected.bytes() || !sha256.equals(expected.sha256())) {
                    throw new DamageFound(
                            entry.name(),
                            "it does not match " + BackupManifest.PATH + " (" + bytes
                                    + " bytes, sha256 " + sha256 + "; the manifest says " + expected.bytes()
                                    + " bytes, sha256 "
                                    + expected.sha256() + ")");
                }
                members.add(new Member(entry.name(), expected.type(), expected.source(), bytes, sha256));
            }
            notOnlyFiles(reader);
        } catch (IOException e) {
            throw new DamageFound(current, describe(e));
        }
    }

    /** The tar end-of-archive marker, no member missing, nothing but zeros after, and the gzip trailer. */
    private static void end(BackupManifest manifest, TarReader reader, InputStream gzip, List<Member> members)
            throws DamageFound {
        if (!reader.endOfArchive()) {
            throw new DamageFound(null, "the tar stream stops without its end-of-archive marker (cut short)");
        }
        for (BackupManifest.Entry entry : manifest.entries()) {
            if (members.stream().noneMatch(member -> member.path().equals(entry.path()))) {
                throw new DamageFound(
                        entry.path(), "missing: " + BackupManifest.PATH + " lists it, the archive does not hold it");
            }
        }
        try {
            byte[] buffer = new byte[1 << 16];
            for (int n = gzip.read(buffer); n >= 0; n = gzip.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != 0) {
                        throw new DamageFound(null, "data after the tar end-of-archive marker");
                    }
                }
            }
        } catch (IOException e) {
            throw new DamageFound(null, describe(e));
        }
    }

    /** Reads the gzip stream to its end: damage there (its CRC covers what was read so far) is damage of the manifest. */
    private static void drain(InputStream gzip) throws DamageFound {
        try {
            gzip.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new DamageFound(BackupManifest.PATH, describe(e));
        }
    }

    private static void notOnlyFiles(TarReader reader) throws DamageFound {
        if (!reader.skipped().isEmpty()) {
            throw new DamageFound(reader.skipped().get(0), "an extra member that is not a regular file");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof EOFException) {
            return "the archive is cut short (" + e.getMessage() + ")";
        }
        if (e instanceof ZipException) {
            return "the compressed data is corrupt (" + e.getMessage() + ")";
        }
        return e.getMessage();
    }

    /** Damage found: stops the reading, carried to {@link #check}. */
    private static final class DamageFound extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Damage damage;

        DamageFound(String member, String reason) {
            super(reason, null, false, false);
            this.damage = new Damage(member, reason);
        }
    }
}
