package reflector.setup.envfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A model of Docker Compose's env-file parser (compose-go's {@code dotenv} package, unchanged from
 * v2.0.2, which Debian's docker-compose 2.26.1 carries, to v2.13): which statements it finds,
 * where, and the literal value of each before variable interpolation. {@link EnvFile} compares
 * it with {@link PythonDotenv} to refuse files the two read differently.
 *
 * <p>What it models: a leading UTF-8 byte-order mark is skipped; statements start after any
 * Unicode space, {@code #} comments run to the end of the line; {@code export } is dropped; a name
 * is letters, digits and {@code _ . - [ ]} and ends at {@code =}, at {@code :} (YAML style) or at
 * a line end (the value then comes from Compose's own environment); quoted values may span lines
 * and end at the first quote not escaped by a backslash; an unquoted value ends at the line end or
 * at {@code " #"}.
 */
final class ComposeDotenv {

    /** One assignment; {@code value} is null for a bare name, which Compose fills from its environment. */
    record Statement(String key, String value, char quote, int keyStart, int valueStart, int valueEnd) {}

    /** What makes compose-go reject the whole file, at {@code offset}. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;

        SyntaxError(int offset, String reason) {
            super(reason);
            this.offset = offset;
        }
    }

    private ComposeDotenv() {}

    static List<Statement> read(String text) throws SyntaxError {
        List<Statement> statements = new ArrayList<>();
        int pos = text.startsWith("\uFEFF") ? 1 : 0;
        while (true) {
            pos = statementStart(text, pos);
            if (pos >= text.length()) {
                return statements;
            }
            pos = readStatement(text, pos, statements);
        }
    }

    /** compose-go's getStatementStart: skips Unicode spaces and whole comment lines. */
    private static int statementStart(String text, int pos) {
        while (pos < text.length()) {
            int cp = text.codePointAt(pos);
            if (isGoUnicodeSpace(cp)) {
                pos += Character.charCount(cp);
            } else if (cp == '#') {
                int newline = text.indexOf('\n', pos);
                pos = newline < 0 ? text.length() : newline;
            } else {
                break;
            }
        }
        return pos;
    }

    private static int readStatement(String text, int start, List<Statement> out) throws SyntaxError {
        int pos = start;
        // compose-go: `^export\s+` (Go's \s: tab, newline, form feed, carriage return, space).
        if (text.startsWith("export", pos)
                && pos + 6 < text.length()
                && "\t\n\f\r ".indexOf(text.charAt(pos + 6)) >= 0) {
            pos += 6;
            while (pos < text.length() && isComposeSpace(text.charAt(pos))) {
                pos++;
            }
        }
        int keyStart = pos;
        if (keyStart >= text.length()) {
            throw new SyntaxError(start, "'export' without a name");
        }
        int terminator = -1;
        int i = pos;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (cp == '=' || cp == ':' || cp == '\n') {
                terminator = i;
                break;
            }
            if (!isComposeSpace(cp) && "_.-[]".indexOf(cp) < 0 && !Character.isLetter(cp) && !isGoNumber(cp)) {
                throw new SyntaxError(i, "unexpected character " + describe(cp) + " in a name");
            }
            i += Character.charCount(cp);
        }
        if (terminator < 0) {
            // compose-go then reads the text as the value of a variable with an empty name.
            String value = text.substring(keyStart, keyStart + EnvValueCodec.unquotedLength(text.substring(keyStart)));
            out.add(new Statement("", value, '\0', keyStart, keyStart, keyStart + value.length()));
            return text.length();
        }
        String key = trimGoSpaceRight(text.substring(keyStart, terminator));
        if (key.contains(" ")) {
            throw new SyntaxError(keyStart, "a name with a space in it");
        }
        if (text.charAt(terminator) == '\n') {
            out.add(new Statement(key, null, '\0', keyStart, terminator, terminator));
            return terminator + 1;
        }
        int valueStart = terminator + 1;
        while (valueStart < text.length() && isComposeSpace(text.charAt(valueStart))) {
            valueStart++;
        }
        char first = valueStart < text.length() ? text.charAt(valueStart) : '\0';
        if (first == '\'' || first == '"') {
            int close = EnvValueCodec.closingQuote(text, valueStart);
            if (close < 0) {
                throw new SyntaxError(valueStart, "a quoted value without its closing quote");
            }
            String value = EnvValueCodec.decode(text.substring(valueStart, close + 1));
            if (first == '"') {
                checkTemplate(value, valueStart);
            }
            out.add(new Statement(key, value, first, keyStart, valueStart, close + 1));
            return close + 1;
        }
        int lineEnd = text.indexOf('\n', valueStart);
        lineEnd = lineEnd < 0 ? text.length() : lineEnd;
        int length = EnvValueCodec.unquotedLength(text.substring(valueStart, lineEnd));
        String value = text.substring(valueStart, valueStart + length);
        checkTemplate(value, valueStart);
        out.add(new Statement(key, value, '\0', keyStart, valueStart, valueStart + length));
        return lineEnd;
    }

    /**
     * compose-go's interpolation (template.DefaultPattern) fails the whole file on a <code>${</code>
     * that does not start <code>${NAME}</code>, <code>${NAME:-default}</code> and the like;
     * {@code $$} and {@code $NAME} are fine, and any other {@code $} stays as it is.
     */
    private static void checkTemplate(String value, int offset) throws SyntaxError {
        for (int i = value.indexOf('$'); i >= 0 && i + 1 < value.length(); i = value.indexOf('$', i + 1)) {
            char next = value.charAt(i + 1);
            if (next == '$') {
                i++;
            } else if (next == '{') {
                int end = bracedEnd(value, i);
                if (end < 0) {
                    throw new SyntaxError(offset, "a '${' that is not ${NAME}, ${NAME:-default} or the like");
                }
                i = end;
            }
        }
    }

    /**
     * Where compose-go's braced substitution <code>\$\{NAME(:?[-+?].*)?\}</code> that starts at
     * {@code start} ends (its '}'), or -1. By hand: with a default, Go's greedy {@code .*} runs to
     * the last '}' before the end of the line, which the regular expression would find in
     * quadratic time on a long value.
     */
    private static int bracedEnd(String value, int start) {
        int i = start + 2;
        if (i >= value.length()
                || !(Character.isLetter(value.charAt(i)) && value.charAt(i) < 128 || value.charAt(i) == '_')) {
            return -1;
        }
        while (i < value.length()
                && (value.charAt(i) < 128 && Character.isLetterOrDigit(value.charAt(i)) || value.charAt(i) == '_')) {
            i++;
        }
        if (i < value.length() && value.charAt(i) == '}') {
            return i;
        }
        if (i < value.length() && value.charAt(i) == ':') {
            i++;
        }
        if (i >= value.length() || "-+?".indexOf(value.charAt(i)) < 0) {
            return -1;
        }
        int lineEnd = value.indexOf('\n', i);
        int last = value.lastIndexOf('}', lineEnd < 0 ? value.length() - 1 : lineEnd);
        return last > i ? last : -1;
    }

    /** compose-go's isSpace: a space that does not end a line. */
    static boolean isComposeSpace(int c) {
        return c == '\t' || c == '\u000B' || c == '\f' || c == '\r' || c == ' ' || c == 0x85 || c == 0xA0;
    }

    /** Go's unicode.IsSpace. */
    static boolean isGoUnicodeSpace(int c) {
        return (c >= '\t' && c <= '\r')
                || c == ' '
                || c == 0x85
                || c == 0xA0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000;
    }

    /** Go's unicode.IsNumber: categories Nd, Nl and No. */
    private static boolean isGoNumber(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private static String trimGoSpaceRight(String s) {
        int end = s.length();
        while (end > 0 && isGoUnicodeSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** A character for a message: printable ASCII as itself, anything else as U+XXXX. */
    private static String describe(int cp) {
        return cp > 0x20 && cp < 0x7F ? "'" + (char) cp + "'" : String.format("U+%04X", cp);
    }
}
