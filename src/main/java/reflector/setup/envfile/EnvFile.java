package reflector.setup.envfile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotenv file (as read by Docker Compose's {@code env_file:} and by python-dotenv) that keeps
 * every byte it does not have to change, so that the installer can update a user's file in place
 * and a second run with the same values changes nothing.
 *
 * <p>Reading follows Docker Compose: the last assignment of a key wins, and values are decoded by
 * {@link EnvValueCodec#decode}, which does not interpolate variables. Lines that are not a
 * {@code [export ]KEY=value} assignment (comments, blank lines, Compose's {@code KEY: value} or
 * bare {@code KEY}, anything unparsable) are kept as they are and ignored. A quoted value may span
 * several lines, as both readers allow.
 */
public final class EnvFile {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Head of an assignment, up to where the value starts. Broad keys so foreign lines parse. */
    private static final Pattern ASSIGNMENT =
            Pattern.compile("[ \\t]*(?:export[ \\t]+)?([^=#:\\s'\"]+)[ \\t]*=[ \\t]*");

    /** What both readers accept after a closing quote. */
    private static final Pattern AFTER_QUOTE = Pattern.compile("[ \\t]*(?:#[^\\r\\n]*)?\\r?\\n?");

    /** One stretch of the file: an assignment ({@code key != null}) or verbatim text. */
    private static final class Part {
        final String head;
        final String key;
        String raw;
        String tail;

        Part(String head, String key, String raw, String tail) {
            this.head = head;
            this.key = key;
            this.raw = raw;
            this.tail = tail;
        }

        String text() {
            return key == null ? head : head + raw + tail;
        }
    }

    private final List<Part> parts = new ArrayList<>();

    private EnvFile() {
    }

    public static EnvFile parse(String text) {
        Objects.requireNonNull(text, "text");
        EnvFile file = new EnvFile();
        int pos = 0;
        while (pos < text.length()) {
            pos = file.parseStatement(text, pos);
        }
        return file;
    }

    /** Parses the statement starting at {@code pos}; returns where the next one starts. */
    private int parseStatement(String text, int pos) {
        int eol = lineEnd(text, pos);
        Matcher m = ASSIGNMENT.matcher(text).region(pos, eol);
        if (m.lookingAt()) {
            String head = text.substring(pos, m.end());
            int valueStart = m.end();
            char first = valueStart < eol ? text.charAt(valueStart) : '\n';
            if (first != '\'' && first != '"') {
                String rest = text.substring(valueStart, eol);
                int length = EnvValueCodec.unquotedLength(rest);
                parts.add(new Part(head, m.group(1), rest.substring(0, length), rest.substring(length)));
                return eol;
            }
            int close = EnvValueCodec.closingQuote(text, valueStart);
            if (close >= 0) {
                int end = lineEnd(text, close + 1);
                String tail = text.substring(close + 1, end);
                if (AFTER_QUOTE.matcher(tail).matches()) {
                    parts.add(new Part(head, m.group(1), text.substring(valueStart, close + 1), tail));
                    return end;
                }
            }
        }
        parts.add(new Part(text.substring(pos, eol), null, null, null));
        return eol;
    }

    private static int lineEnd(String text, int from) {
        int newline = text.indexOf('\n', from);
        return newline < 0 ? text.length() : newline + 1;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(part.text());
        }
        return out.toString();
    }

    /**
     * The value of the last assignment of {@code key}, decoded by Compose's rules without variable
     * interpolation (see {@link EnvValueCodec#decode}).
     */
    public Optional<String> get(String key) {
        return last(key).map(part -> EnvValueCodec.decode(part.raw));
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
            append(key, encoded);
            return;
        }
        Part part = existing.get();
        if (EnvValueCodec.readsBackAs(part.raw, value)) {
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
    }

    private void append(String key, String encoded) {
        String text = render();
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        if (!text.isEmpty() && !text.endsWith("\n")) {
            parts.add(new Part(newline, null, null, null));
        }
        parts.add(new Part(key + "=", key, encoded, newline));
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
