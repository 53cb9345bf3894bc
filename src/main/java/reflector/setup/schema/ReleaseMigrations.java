package reflector.setup.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reflector.setup.config.Release;
import reflector.setup.config.Releases;

/**
 * Every migration of upstream's releases, from the installer's own table (migrations.txt beside
 * {@link Releases}): a release knows exactly its head and the head's ancestors.
 */
public final class ReleaseMigrations {
    static final String RESOURCE = "/reflector/setup/migrations.txt";
    /** The revision of upstream commit bfa10718 ("add password_hash"), which v0.35.0 renamed to e1f093f7f124. */
    public static final String BROKEN_COMMIT_REVISION = "20260219000000";

    private static MigrationGraph all;

    private ReleaseMigrations() {}

    /** Every migration of v0.34.0–v0.45.0. */
    public static synchronized MigrationGraph all() {
        if (all == null) {
            try (InputStream in = ReleaseMigrations.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the installer");
                }
                all = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    /** "revision down,down" per line ("-" for none); # starts a comment. */
    static MigrationGraph parse(String text) {
        Map<String, List<String>> down = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String content = line.replaceFirst("#.*", "").strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split("\\s+");
            if (fields.length != 2) {
                throw new IllegalStateException(RESOURCE + ": not \"revision down_revisions\": " + line);
            }
            down.put(fields[0], fields[1].equals("-") ? List.of() : Arrays.asList(fields[1].split(",")));
        }
        return new MigrationGraph(down);
    }

    /** What a release's migrations know: its head and the head's ancestors. */
    public static MigrationGraph of(Release release) {
        return all().upTo(release.migrationHead());
    }

    /** The migrations of a deployable release tag; empty for anything else. */
    public static Optional<MigrationGraph> ofTag(String tag) {
        return Releases.find(tag).map(ReleaseMigrations::of);
    }
}
