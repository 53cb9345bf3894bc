package reflector.setup.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import reflector.setup.config.RecordedOptions;
import reflector.setup.output.JsonDocument;

/**
 * manifest.json, the first member of a backup archive: where and when it was taken, the versions,
 * the install options, and every member with its size and SHA-256 (docs/backup-and-restore.md, "Backup archive").
 *
 * <p>Version 2 writes each bulk volume as two members, the copy made while
 * the services ran and the files that changed meanwhile ({@link Contents#changedPath}), and lets the
 * database and the volumes come in any order after the files; version 1 archives hold one member
 * per volume, after the database, and still restore. Version 3 holds the install options as an
 * object of the root .env's format 2 keys ({@code installOptions}) where earlier versions held
 * their format 1 line ({@code installArguments}), which is still read.
 *
 * @param schemaVersion    {@link #SCHEMA_VERSION} for what this installer writes, or an older one it reads
 * @param installOptions   the install options as the root .env records them ({@link RecordedOptions}'s keys
 *                         and values); empty when they were not known. An archive written before format
 *                         2 holds the format 1 line, read here under its key.
 */
public record BackupManifest(
        int schemaVersion,
        Instant createdAt,
        String installerVersion,
        String directory,
        String project,
        Optional<String> reflectorVersion,
        Optional<String> imageTag,
        Map<String, String> installOptions,
        String consistency,
        List<Entry> entries) {

    public static final String FORMAT = "reflector-setup-backup";
    public static final int SCHEMA_VERSION = 3;
    /** The first version, whose archives this installer still reads. */
    public static final int FIRST_SCHEMA_VERSION = 1;

    public static final String PATH = "manifest.json";

    /** What a member holds. */
    public enum Type {
        FILE,
        DATABASE,
        VOLUME
    }

    /**
     * One member of the archive.
     *
     * @param path   its path in the archive
     * @param source the deployment file, the database name or the volume's name in the compose file
     * @param mode   the file's permission bits (octal), for files
     */
    public record Entry(String path, Type type, String source, String mode, long bytes, String sha256) {}

    public BackupManifest {
        installOptions = Collections.unmodifiableMap(new LinkedHashMap<>(installOptions));
        entries = List.copyOf(entries);
    }

    public List<Entry> entries(Type type) {
        return entries.stream().filter(entry -> entry.type() == type).toList();
    }

    public Optional<Entry> entry(String path) {
        return entries.stream().filter(entry -> entry.path().equals(path)).findFirst();
    }

    public ObjectNode toJson() {
        ObjectNode root = JsonDocument.object();
        root.put("schemaVersion", schemaVersion);
        root.put("format", FORMAT);
        root.put("createdAt", createdAt.toString());
        root.put("installerVersion", installerVersion);
        root.put("directory", directory);
        root.put("project", project);
        ObjectNode version = root.putObject("reflectorVersion");
        version.put("ref", reflectorVersion.orElse(null));
        version.put("imageTag", imageTag.orElse(null));
        if (installOptions.isEmpty()) {
            root.putNull("installOptions");
        } else {
            ObjectNode options = root.putObject("installOptions");
            installOptions.forEach(options::put);
        }
        root.put("consistency", consistency);
        ArrayNode list = root.putArray("entries");
        for (Entry entry : entries) {
            list.addObject()
                    .put("path", entry.path())
                    .put("type", entry.type().name().toLowerCase(Locale.ROOT))
                    .put("source", entry.source())
                    .put("mode", entry.mode())
                    .put("bytes", entry.bytes())
                    .put("sha256", entry.sha256());
        }
        return root;
    }

    public byte[] bytes() {
        return JsonDocument.render(toJson()).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a manifest; anything that is not one this installer understands is an IOException with the reason. */
    public static BackupManifest parse(byte[] json) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IOException("manifest.json is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException("not a reflector-setup backup (manifest.json has no format " + FORMAT + ")");
        }
        int schema = root.path("schemaVersion").asInt(-1);
        if (schema < FIRST_SCHEMA_VERSION || schema > SCHEMA_VERSION) {
            throw new IOException("backup schema version " + schema + "; this installer reads versions "
                    + FIRST_SCHEMA_VERSION + " to " + SCHEMA_VERSION);
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode entry : root.path("entries")) {
            Type type;
            try {
                type = Type.valueOf(entry.path("type").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IOException("manifest.json: unknown entry type '"
                        + entry.path("type").asText() + "'");
            }
            entries.add(new Entry(
                    entry.path("path").asText(),
                    type,
                    entry.path("source").asText(),
                    entry.path("mode").isNull() ? null : entry.path("mode").asText(null),
                    entry.path("bytes").asLong(),
                    entry.path("sha256").asText()));
        }
        return new BackupManifest(
                schema,
                Instant.parse(root.path("createdAt").asText()),
                root.path("installerVersion").asText(),
                root.path("directory").asText(),
                root.path("project").asText(),
                text(root.path("reflectorVersion").path("ref")),
                text(root.path("reflectorVersion").path("imageTag")),
                installOptions(root),
                root.path("consistency").asText(""),
                entries);
    }

    /** The recorded install options; from archives before format 2, their format 1 line. */
    private static Map<String, String> installOptions(JsonNode root) {
        Map<String, String> options = new LinkedHashMap<>();
        JsonNode recorded = root.path("installOptions");
        if (recorded.isObject()) {
            recorded.fields()
                    .forEachRemaining(field ->
                            options.put(field.getKey(), field.getValue().asText()));
        } else {
            text(root.path("installArguments")).ifPresent(line -> options.put(RecordedOptions.VERSION_1_KEY, line));
        }
        return options;
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }
}
