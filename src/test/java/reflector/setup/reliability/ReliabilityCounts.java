package reflector.setup.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many reliability cases passed, by category, written to {@code target/reliability-counts.txt}
 * after each reliability test class, so that docs/reliability.md can quote numbers the suite produced. A
 * case is counted once its every assertion held.
 */
final class ReliabilityCounts {
    static final Path FILE = Path.of("target", "reliability-counts.txt");
    private static final Map<String, Integer> COUNTS = new TreeMap<>();
    private static final Map<String, Integer> NOTES = new TreeMap<>();

    private ReliabilityCounts() {}

    static synchronized void passed(String category) {
        COUNTS.merge(category, 1, Integer::sum);
    }

    /** Something worth knowing about the cases that is not a case, such as where a kill landed. */
    static synchronized void note(String what) {
        NOTES.merge(what, 1, Integer::sum);
    }

    /** Rewrites the file with everything counted in this JVM so far. */
    static synchronized void write() {
        int total = COUNTS.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder text =
                new StringBuilder("# reliability cases passed in the last test run (written by the suite)\n");
        text.append("total ").append(total).append('\n');
        COUNTS.forEach((category, count) ->
                text.append(category).append(' ').append(count).append('\n'));
        if (!NOTES.isEmpty()) {
            text.append("# notes (not cases)\n");
            NOTES.forEach((note, count) ->
                    text.append("# ").append(note).append(' ').append(count).append('\n'));
        }
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
