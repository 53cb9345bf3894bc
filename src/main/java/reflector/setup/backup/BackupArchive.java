package reflector.setup.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.Deflater;
import reflector.setup.archive.TarEntry;
import reflector.setup.archive.TarGzFile;
import reflector.setup.output.Progress;
import reflector.setup.text.Sha256;

/**
 * The members of a backup as they are written: each one's content streamed straight into the
 * archive ({@link TarGzFile}), hashed as it passes, and described by the manifest entry that
 * {@link #finish} writes first in the file.
 */
final class BackupArchive {
    /** The manifest's place: it lists a dozen members, a few KiB. */
    static final int MANIFEST_CAPACITY = 64 << 10;

    private static final int SECRET_MODE = 0600;

    /** What writes a member's content. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final TarGzFile archive;
    private final long modifiedSeconds;

    BackupArchive(TarGzFile archive, long modifiedSeconds) {
        this.archive = archive;
        this.modifiedSeconds = modifiedSeconds;
    }

    TarGzFile.Reserved reserveManifest() throws IOException {
        return archive.reserve(BackupManifest.PATH, SECRET_MODE, modifiedSeconds, MANIFEST_CAPACITY);
    }

    /** A deployment file, compressed, with its permission bits. */
    BackupManifest.Entry file(String path, String source, String mode, byte[] bytes) throws IOException {
        archive.add(
                new TarEntry(path, Integer.parseInt(mode, 8), bytes.length, modifiedSeconds),
                bytes,
                Deflater.DEFAULT_COMPRESSION);
        return new BackupManifest.Entry(path, BackupManifest.Type.FILE, source, mode, bytes.length, Sha256.hex(bytes));
    }

    /** A member whose content is streamed in at {@code level}, counted by {@code progress}. */
    BackupManifest.Entry stream(
            String path, BackupManifest.Type type, String source, int level, Progress progress, Content content)
            throws IOException {
        TarGzFile.Member member = archive.begin(path, SECRET_MODE, modifiedSeconds, level);
        MessageDigest digest = Sha256.digest();
        try (OutputStream out = progress.counting(
                new DigestOutputStream(new BufferedOutputStream(member.content(), 1 << 16), digest))) {
            content.writeTo(out);
        }
        long bytes = member.end();
        return new BackupManifest.Entry(
                path, type, source, null, bytes, HexFormat.of().formatHex(digest.digest()));
    }

    /** Ends the archive and writes the manifest in its place at the start. */
    void finish(TarGzFile.Reserved manifestPlace, BackupManifest manifest) throws IOException {
        archive.finish();
        manifestPlace.fill(manifest.bytes(), (byte) ' ');
    }
}
