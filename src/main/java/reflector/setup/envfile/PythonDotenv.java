package reflector.setup.envfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model of python-dotenv's parser ({@code dotenv/parser.py}, identical from 0.21 to 1.2), which
 * the backend uses: the bindings it finds and their values before variable interpolation.
 * {@link EnvFile} compares it with {@link ComposeDotenv}. Its regular expressions are
 * python-dotenv's, with Python's {@code \s} (every character {@code str.isspace()} accepts)
 * spelled out, and the file is first read as Python's text mode does: {@code \r\n} and a lone
 * {@code \r} become {@code \n}.
 */
final class PythonDotenv {

    /**
     * One binding. {@code key} is null for a comment, a blank stretch or an error; {@code value}
     * is null for a name without {@code =}. {@code offset} is where the key (or, for an error,
     * the line's first non-space character) is in the original text.
     */
    record Binding(String key, String value, int offset, boolean error) {}

    private static final String WS =
            "\\t\\n\\u000B\\f\\r\\u001C-\\u001F \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029"
                    + "\\u202F\\u205F\\u3000";
    private static final String S = "[" + WS + "]";
    /** Python's {@code [^\S\r\n]}: whitespace other than line ends. */
    private static final String BLANK = "[" + WS + "&&[^\\r\\n]]";

    private static final String NOT_S = "[^" + WS + "]";

    private static final Pattern MULTILINE_WHITESPACE = Pattern.compile(S + "*");
    private static final Pattern WHITESPACE = Pattern.compile(BLANK + "*");
    private static final Pattern EXPORT = Pattern.compile("(?:export" + BLANK + "+)?");
    private static final Pattern SINGLE_QUOTED_KEY = Pattern.compile("'([^']+)'");
    private static final Pattern UNQUOTED_KEY = Pattern.compile("([^=#" + WS + "]+)");
    private static final Pattern EQUAL_SIGN = Pattern.compile("(=" + BLANK + "*)");
    private static final Pattern UNQUOTED_VALUE = Pattern.compile("([^\\r\\n]*)");
    private static final Pattern COMMENT = Pattern.compile("(?:" + BLANK + "*#[^\\r\\n]*)?");
    private static final Pattern END_OF_LINE = Pattern.compile("(?d)" + BLANK + "*(?:\\r\\n|\\n|\\r|$)");
    private static final Pattern REST_OF_LINE = Pattern.compile("[^\\r\\n]*(?:\\r|\\n|\\r\\n)?");
    /** Starts only where a run of spaces starts, so a long run is scanned once. */
    private static final Pattern INLINE_COMMENT = Pattern.compile("(?<!" + S + ")" + S + "++#");

    private static final Pattern DOUBLE_QUOTE_ESCAPES = Pattern.compile("\\\\[\\\\'\"abfnrtv]");
    private static final Pattern SINGLE_QUOTE_ESCAPES = Pattern.compile("\\\\[\\\\']");

    private PythonDotenv() {}

    /**
     * Whether python-dotenv's interpolation would change this value: whether its
     * {@code _posix_variable}, <code>\$\{[^}:]*(?::-[^}]*)?\}</code>, matches anywhere. Scanned by
     * hand, since the regular expression takes quadratic time on a long value full of
     * <code>${</code>.
     */
    static boolean interpolates(String value) {
        if (value == null || value.indexOf('}') < 0) {
            return false;
        }
        int closing = -1;
        int stop = -1;
        int[] nextClosing = new int[value.length() + 1];
        int[] nextStop = new int[value.length() + 1];
        nextClosing[value.length()] = -1;
        nextStop[value.length()] = -1;
        for (int i = value.length() - 1; i >= 0; i--) {
            char c = value.charAt(i);
            if (c == '}') {
                closing = i;
            }
            if (c == '}' || c == ':') {
                stop = i;
            }
            nextClosing[i] = closing;
            nextStop[i] = stop;
        }
        for (int i = value.indexOf("${"); i >= 0; i = value.indexOf("${", i + 1)) {
            int at = nextStop[i + 2];
            if (at < 0) {
                return false;
            }
            if (value.charAt(at) == '}') {
                return true;
            }
            if (at + 1 < value.length() && value.charAt(at + 1) == '-' && nextClosing[at + 1] >= 0) {
                return true;
            }
        }
        return false;
    }

    static List<Binding> read(String original) {
        Translated text = Translated.of(original);
        Reader reader = new Reader(text.text);
        List<Binding> bindings = new ArrayList<>();
        while (reader.pos < text.text.length()) {
            bindings.add(binding(reader, text));
        }
        return bindings;
    }

    private static Binding binding(Reader reader, Translated text) {
        int lineStart = reader.pos;
        try {
            reader.read(MULTILINE_WHITESPACE);
            lineStart = reader.pos;
            if (reader.pos >= reader.text.length()) {
                return new Binding(null, null, text.original(lineStart), false);
            }
            reader.read(EXPORT);
            int keyStart = reader.pos;
            String key;
            int next = reader.peek();
            if (next == '#') {
                key = null;
            } else if (next == '\'') {
                key = reader.read(SINGLE_QUOTED_KEY).group(1);
            } else {
                key = reader.read(UNQUOTED_KEY).group(1);
            }
            reader.read(WHITESPACE);
            String value = null;
            if (reader.peek() == '=') {
                reader.read(EQUAL_SIGN);
                value = value(reader);
            }
            reader.read(COMMENT);
            reader.read(END_OF_LINE);
            return new Binding(key, value, text.original(keyStart), false);
        } catch (NoMatch e) {
            reader.read(REST_OF_LINE);
            return new Binding(null, null, text.original(lineStart), true);
        }
    }

    private static String value(Reader reader) {
        int next = reader.peek();
        if (next == '\'') {
            return unescape(SINGLE_QUOTE_ESCAPES, reader.quoted('\''));
        }
        if (next == '"') {
            return unescape(DOUBLE_QUOTE_ESCAPES, reader.quoted('"'));
        }
        if (next == -1 || next == '\n' || next == '\r') {
            return "";
        }
        String part = reader.read(UNQUOTED_VALUE).group(1);
        Matcher comment = INLINE_COMMENT.matcher(part);
        if (comment.find()) {
            part = part.substring(0, comment.start());
        }
        return rstrip(part);
    }

    /** python's {@code codecs.decode(match, "unicode-escape")} for the few escapes python-dotenv lets through. */
    private static String unescape(Pattern escapes, String value) {
        Matcher m = escapes.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            char c = m.group().charAt(1);
            String decoded =
                    switch (c) {
                        case 'a' -> "\u0007";
                        case 'b' -> "\b";
                        case 'f' -> "\f";
                        case 'n' -> "\n";
                        case 'r' -> "\r";
                        case 't' -> "\t";
                        case 'v' -> "\u000B";
                        default -> String.valueOf(c);
                    };
            m.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    static boolean isPythonSpace(char c) {
        return (c >= '\t' && c <= '\r')
                || (c >= 0x1C && c <= 0x20)
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

    private static final class NoMatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoMatch() {
            super(null, null, false, false);
        }
    }

    /** python-dotenv's Reader: regular expressions matched at the current position. */
    private static final class Reader {
        final String text;
        int pos;

        Reader(String text) {
            this.text = text;
        }

        /** The next character, or -1 at the end. */
        int peek() {
            return pos < text.length() ? text.charAt(pos) : -1;
        }

        /**
         * python-dotenv's {@code '((?:\\'|[^'])*)'} (and the same with {@code "}), matched by hand:
         * Java's regex engine recurses once per character of such a group and overflows its stack on
         * a long value. The greedy loop takes {@code \'} as a unit and stops at the first other
         * quote, which closes the value; with no such quote, Python backtracks into the last
         * {@code \'} and closes the value with its quote.
         */
        String quoted(char quote) {
            int lastEscapedQuote = -1;
            for (int i = pos + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    lastEscapedQuote = i + 1;
                    i++;
                } else if (c == quote) {
                    return close(i);
                }
            }
            if (lastEscapedQuote < 0) {
                throw new NoMatch();
            }
            return close(lastEscapedQuote);
        }

        private String close(int closingQuote) {
            String content = text.substring(pos + 1, closingQuote);
            pos = closingQuote + 1;
            return content;
        }

        Matcher read(Pattern pattern) {
            Matcher m = pattern.matcher(text).region(pos, text.length());
            if (!m.lookingAt()) {
                throw new NoMatch();
            }
            pos = m.end();
            return m;
        }
    }

    /** The text as Python's universal-newline mode reads it, with the way back to original offsets. */
    private record Translated(String text, int[] originalOffsets) {
        static Translated of(String original) {
            StringBuilder out = new StringBuilder(original.length());
            int[] offsets = new int[original.length() + 1];
            int j = 0;
            for (int i = 0; i < original.length(); i++) {
                char c = original.charAt(i);
                offsets[j++] = i;
                if (c == '\r') {
                    out.append('\n');
                    if (i + 1 < original.length() && original.charAt(i + 1) == '\n') {
                        i++;
                    }
                } else {
                    out.append(c);
                }
            }
            offsets[j] = original.length();
            return new Translated(out.toString(), offsets);
        }

        int original(int translated) {
            return originalOffsets[translated];
        }
    }
}
