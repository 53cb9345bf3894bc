package reflector.setup.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import reflector.setup.archive.TarEntry;
import reflector.setup.archive.TarReader;

/**
 * Alembic's version files (migrations/versions/*.py), read for their identifiers only, as alembic's
 * script directory declares them: {@code revision = "..."} and {@code down_revision = None},
 * {@code "..."} or a tuple of them, each with or without a type annotation. Nothing is executed.
 */
public final class MigrationFiles {
    private static final Pattern REVISION = Pattern.compile("(?m)^revision\\s*(?::[^=\\n]*)?=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern DOWN_REVISION = Pattern.compile("(?m)^down_revision\\s*(?::[^=\\n]*)?=\\s*");
    private static final Pattern QUOTED = Pattern.compile("['\"]([^'\"]+)['\"]");
    /** Files bigger than this are no version file of Reflector's: left out. */
    static final long MAX_FILE = 1 << 20;

    /** One version file's identifiers. */
    public record Migration(String revision, List<String> downRevisions) {
        public Migration {
            downRevisions = List.copyOf(downRevisions);
        }
    }

    private MigrationFiles() {}

    /** The identifiers of one file; empty when it declares no revision (e.g. an __init__.py). */
    public static Optional<Migration> parse(String text) {
        Matcher revision = REVISION.matcher(text);
        if (!revision.find()) {
            return Optional.empty();
        }
        List<String> down = new ArrayList<>();
        Matcher downRevision = DOWN_REVISION.matcher(text);
        if (downRevision.find()) {
            Matcher quoted = QUOTED.matcher(value(text, downRevision.end()));
            while (quoted.find()) {
                down.add(quoted.group(1));
            }
        }
        return Optional.of(new Migration(revision.group(1), down));
    }

    /** The assigned value: to the line's end, or for a tuple or list to its closing bracket (it may span lines). */
    private static String value(String text, int start) {
        char first = start < text.length() ? text.charAt(start) : '\n';
        int end;
        if (first == '(' || first == '[') {
            end = text.indexOf(first == '(' ? ')' : ']', start);
        } else {
            end = text.indexOf('\n', start);
        }
        String value = text.substring(start, end < 0 ? text.length() : end);
        return first == '(' || first == '[' ? value : value.replaceFirst("\\s*#.*$", "");
    }

    public static MigrationGraph graph(List<Migration> migrations) {
        Map<String, List<String>> down = new LinkedHashMap<>();
        for (Migration migration : migrations) {
            down.put(migration.revision(), migration.downRevisions());
        }
        return new MigrationGraph(down);
    }

    /**
     * The version files in a tar archive of the versions directory, as `docker cp` (the Engine's
     * archive endpoint) gives it: the *.py files directly in its top directory; __pycache__ and
     * anything deeper is not alembic's.
     */
    public static MigrationGraph fromTar(InputStream tar) throws IOException {
        TarReader reader = new TarReader(tar);
        List<Migration> migrations = new ArrayList<>();
        for (Optional<TarEntry> entry = reader.next(); entry.isPresent(); entry = reader.next()) {
            String name = entry.get().name();
            String[] parts = name.replaceFirst("^\\./", "").split("/");
            if (parts.length == 2 && parts[1].endsWith(".py") && entry.get().size() <= MAX_FILE) {
                parse(new String(reader.content().readAllBytes(), StandardCharsets.UTF_8))
                        .ifPresent(migrations::add);
            }
        }
        return graph(migrations);
    }

    /** The version files in a directory of this host (a checkout's server/migrations/versions). */
    public static MigrationGraph fromDirectory(Path versions) throws IOException {
        List<Migration> migrations = new ArrayList<>();
        try (Stream<Path> files = Files.list(versions)) {
            for (Path file : files.sorted().toList()) {
                if (file.getFileName().toString().endsWith(".py")
                        && Files.isRegularFile(file)
                        && Files.size(file) <= MAX_FILE) {
                    parse(Files.readString(file, StandardCharsets.UTF_8)).ifPresent(migrations::add);
                }
            }
        }
        return graph(migrations);
    }
}
