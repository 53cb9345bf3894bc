package reflector.setup.envfile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A dotenv file, as Docker Compose ({@code env_file:}) and python-dotenv (the backend) read it,
 * that keeps every byte it does not have to change, so that the installer can update a user's
 * file in place and a second run with the same values changes nothing.
 *
 * <p>{@link #parse} reads the text with models of both readers ({@link ComposeDotenv},
 * {@link PythonDotenv}) and accepts it only when they find the same assignments on the same lines
 * with the same values. Everything else is refused with its line number rather than guessed at: a
 * byte-order mark, Compose's {@code KEY: value} and bare {@code KEY} lines, text after a closing
 * quote, backslashes the two unescape differently, an unterminated quote. So every assignment
 * either reader sees is one this class knows, and a key is never appended after a copy of it that
 * was missed. The last assignment of a key wins, as in both readers. Variables are not expanded:
 * {@link #get} refuses a value whose {@code $} the two readers would expand differently.
 */
public final class EnvFile {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Compose expands {@code $$}, {@code $NAME} and <code>${...}</code> in unquoted and double-quoted values. */
    private static final Pattern COMPOSE_EXPANSION = Pattern.compile("\\$(?:\\$|[A-Za-z_]|\\{)");

    /** One assignment as both readers see it: its name, value and line. */
    public record Assignment(String key, String value, int line) {
        @Override
        public String toString() {
            return "Assignment[" + key + ", line " + line + "]";
        }
    }

    /** One stretch of the file: an assignment ({@code key != null}) or verbatim text. */
    private static final class Part {
        final String head;
        final String key;
        final int line;
        String raw;
        String tail;
        String value;
        boolean expands;

        Part(String verbatim) {
            this(verbatim, null, 0, null, null, null, false);
        }

        Part(String head, String key, int line, String raw, String tail, String value, boolean expands) {
            this.head = head;
            this.key = key;
            this.line = line;
            this.raw = raw;
            this.tail = tail;
            this.value = value;
            this.expands = expands;
        }

        String text() {
            return key == null ? head : head + raw + tail;
        }
    }

    private final List<Part> parts = new ArrayList<>();

    private EnvFile() {}

    /**
     * Reads env-file text.
     *
     * @throws EnvFileException naming the first line that either reader cannot parse, or that the
     *     two read differently
     */
    public static EnvFile parse(String text) {
        Objects.requireNonNull(text, "text");
        LineNumbers lines = new LineNumbers(text);
        if (text.startsWith("\uFEFF")) {
            throw new EnvFileException(
                    1,
                    "the file starts with a byte-order mark (BOM), which Docker Compose skips "
                            + "but python-dotenv reads as part of the first name; save it as UTF-8 without a BOM");
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new EnvFileException(lines.of(nul), "a NUL character, which no environment variable can hold");
        }
        List<ComposeDotenv.Statement> statements = ReaderComparison.agreedStatements(text, lines);
        EnvFile file = new EnvFile();
        int pos = 0;
        for (ComposeDotenv.Statement s : statements) {
            int lineStart = text.lastIndexOf('\n', s.keyStart() - 1) + 1;
            if (lineStart > pos) {
                file.parts.add(new Part(text.substring(pos, lineStart)));
            }
            int lineEnd = text.indexOf('\n', s.valueEnd());
            lineEnd = lineEnd < 0 ? text.length() : lineEnd + 1;
            boolean expands =
                    s.quote() != '\'' && COMPOSE_EXPANSION.matcher(s.value()).find()
                            || PythonDotenv.interpolates(s.value());
            file.parts.add(new Part(
                    text.substring(lineStart, s.valueStart()),
                    s.key(),
                    lines.of(s.keyStart()),
                    text.substring(s.valueStart(), s.valueEnd()),
                    text.substring(s.valueEnd(), lineEnd),
                    s.value(),
                    expands));
            pos = lineEnd;
        }
        if (pos < text.length()) {
            file.parts.add(new Part(text.substring(pos)));
        }
        return file;
    }

    public String render() {
        return render(assignment -> null);
    }

    /**
     * The text with the raw value of some assignments replaced, for display: {@code shown}
     * returns the text to show instead of an assignment's value, or null to keep it.
     */
    public String render(Function<Assignment, String> shown) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.key == null) {
                out.append(part.head);
                continue;
            }
            String replacement = shown.apply(new Assignment(part.key, part.value, part.line));
            out.append(part.head)
                    .append(replacement == null ? part.raw : replacement)
                    .append(part.tail);
        }
        return out.toString();
    }

    /**
     * The value of the last assignment of {@code key}, as both readers read it.
     *
     * @throws EnvFileException if that value has a {@code $} that Docker Compose or python-dotenv
     *     would expand (they expand differently, so its meaning is not known)
     */
    public Optional<String> get(String key) {
        Optional<Part> part = last(key);
        if (part.isPresent() && part.get().expands) {
            throw new EnvFileException(
                    part.get().line,
                    key + " has a '$' in its value, which Docker Compose and "
                            + "python-dotenv expand differently; if it is meant literally, put the value in single quotes "
                            + "(and write no '${')");
        }
        return part.map(p -> p.value);
    }

    /** The value of the last assignment of {@code key} before any expansion, for masking. */
    public Optional<String> literal(String key) {
        return last(key).map(p -> p.value);
    }

    /** Whether the last assignment of {@code key} reads back as {@code value} under both readers. */
    public boolean holds(String key, String value) {
        return last(key).map(p -> !p.expands && p.value.equals(value)).orElse(false);
    }

    /** Whether {@code key} is assigned, even to an empty value. */
    public boolean has(String key) {
        return last(key).isPresent();
    }

    /**
     * Assigned keys, each once, in order of first appearance; a user's file may hold keys (such as
     * {@code a.b}) that {@link #get} refuses.
     */
    public List<String> keys() {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (Part part : parts) {
            if (part.key != null) {
                keys.add(part.key);
            }
        }
        return List.copyOf(keys);
    }

    /** Every assignment, in file order, duplicates included. */
    public List<Assignment> assignments() {
        List<Assignment> all = new ArrayList<>();
        for (Part part : parts) {
            if (part.key != null) {
                all.add(new Assignment(part.key, part.value, part.line));
            }
        }
        return all;
    }

    /**
     * Sets {@code key} to {@code value}: rewrites only the value of its last assignment, or
     * appends {@code KEY=value}. Leaves the file untouched if that assignment already reads back
     * as {@code value} under both Compose and python-dotenv, whatever its quoting.
     *
     * @throws IllegalArgumentException for an invalid key, or a value {@link EnvValueCodec#encode}
     *     refuses
     */
    public void set(String key, String value) {
        checkKey(key);
        String encoded = EnvValueCodec.encode(value);
        Optional<Part> existing = last(key);
        if (existing.isEmpty()) {
            append(key, encoded, value);
            return;
        }
        Part part = existing.get();
        if (!part.expands && EnvValueCodec.readsBackAs(part.raw, value)) {
            return;
        }
        boolean unquoted = encoded.isEmpty() || (encoded.charAt(0) != '\'' && encoded.charAt(0) != '"');
        String comment = part.tail.stripLeading();
        if (unquoted && comment.startsWith("#")) {
            // Compose reads "KEY= # note" as "# note", and "KEY=x#note" as "x#note".
            if (encoded.isEmpty()) {
                encoded = "''";
            } else if (part.tail.startsWith("#")) {
                part.tail = " " + part.tail;
            }
        }
        part.raw = encoded;
        part.value = value;
        part.expands = false;
    }

    /**
     * Removes the line of the last assignment of {@code key} (the one both readers use), every
     * other byte kept; an earlier assignment of the same key, if any, then counts. Returns whether
     * there was one.
     */
    public boolean remove(String key) {
        Optional<Part> part = last(key);
        part.ifPresent(parts::remove);
        return part.isPresent();
    }

    private void append(String key, String encoded, String value) {
        String text = render();
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        if (!text.isEmpty() && !text.endsWith("\n")) {
            parts.add(new Part(newline));
        }
        int line = (int) text.chars().filter(c -> c == '\n').count() + (text.isEmpty() || text.endsWith("\n") ? 1 : 2);
        parts.add(new Part(key + "=", key, line, encoded, newline, value, false));
    }

    private Optional<Part> last(String key) {
        checkKey(key);
        for (int i = parts.size() - 1; i >= 0; i--) {
            if (key.equals(parts.get(i).key)) {
                return Optional.of(parts.get(i));
            }
        }
        return Optional.empty();
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid .env key \"" + key + "\": must match [A-Za-z_][A-Za-z0-9_]*");
        }
    }

    @Override
    public String toString() {
        return "EnvFile" + keys();
    }
}
