package reflector.setup.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import reflector.setup.archive.ConcatenatedTar;
import reflector.setup.archive.TarWriter;
import reflector.setup.config.InstallArguments;
import reflector.setup.config.RecordedOptions;
import reflector.setup.text.Sha256;

/**
 * An archive as the previous version of the installer wrote it (backup schema version 1), made from
 * one this version wrote: one gzip stream; the manifest, the files, the database, then one member
 * per volume, a bulk volume's copy and its changes joined into one tar, as that version joined them.
 */
public final class Version1Archive {
    private Version1Archive() {}

    public static Path rewrite(Path current, Path version1) throws IOException {
        BackupManifest manifest = ArchiveCheckTest.manifest(current);
        Map<String, byte[]> members = ArchiveCheckTest.members(current);
        if (manifest.schemaVersion() != BackupManifest.SCHEMA_VERSION) {
            throw new IllegalArgumentException(
                    current + " is not a version " + BackupManifest.SCHEMA_VERSION + " archive");
        }
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        List<BackupManifest.Entry> entries = new ArrayList<>();
        for (BackupManifest.Type type : BackupManifest.Type.values()) {
            for (BackupManifest.Entry entry : manifest.entries(type)) {
                if (entry.path().equals(Contents.changedPath(entry.source()))) {
                    continue;
                }
                byte[] content = members.get(entry.path());
                byte[] changes = members.get(Contents.changedPath(entry.source()));
                if (type == BackupManifest.Type.VOLUME && changes != null) {
                    content = joined(content, changes);
                }
                ordered.put(entry.path(), content);
                entries.add(new BackupManifest.Entry(
                        entry.path(), type, entry.source(), entry.mode(), content.length, Sha256.hex(content)));
            }
        }
        BackupManifest old = new BackupManifest(
                1,
                manifest.createdAt(),
                manifest.installerVersion(),
                manifest.directory(),
                manifest.project(),
                manifest.reflectorVersion(),
                manifest.imageTag(),
                Map.of(),
                manifest.consistency(),
                entries);
        try (OutputStream file = Files.newOutputStream(version1);
                TarWriter tar = new TarWriter(new GZIPOutputStream(file, 1 << 16))) {
            tar.add(BackupManifest.PATH, 0600, 0, withInstallArguments(old.bytes(), manifest.installOptions()));
            for (BackupManifest.Entry entry : entries) {
                int mode = entry.mode() == null ? 0600 : Integer.parseInt(entry.mode(), 8);
                tar.add(entry.path(), mode, 0, ordered.get(entry.path()));
            }
        }
        return version1;
    }

    private static byte[] joined(byte[] first, byte[] second) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConcatenatedTar tar = new ConcatenatedTar(bytes);
        tar.write(first);
        tar.write(second);
        tar.finish();
        return bytes.toByteArray();
    }

    /** Version 1 held the install options as the line of words they were given as. */
    private static byte[] withInstallArguments(byte[] manifest, Map<String, String> options) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(manifest);
        root.remove("installOptions");
        root.put("installArguments", version1Line(options));
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    static String version1Line(Map<String, String> options) {
        return InstallArguments.line(RecordedOptions.read(key -> Optional.ofNullable(options.get(key)))
                .orElseThrow());
    }
}
