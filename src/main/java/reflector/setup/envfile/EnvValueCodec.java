package reflector.setup.envfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes and reads single values of a dotenv file.
 *
 * <p>The same file is read by two parsers that disagree on quoting: Docker Compose (compose-go's
 * dotenv parser, via {@code env_file:}) and python-dotenv (the backend, {@code dotenv_values} with
 * {@code interpolate=True}). {@link #encode} only produces text that both read back as exactly
 * the given value, and refuses values for which no such text exists. The forms, tried in order:
 *
 * <ol>
 *   <li><b>plain</b> {@code KEY=value}: every character in {@code [A-Za-z0-9_./:@+,=%-]}, or
 *       empty.
 *   <li><b>single-quoted</b> {@code KEY='value'}: the value has no {@code '}, no {@code \\} pair,
 *       does not end with {@code \}, and has no <code>${</code> followed later by a
 *       <code>}</code>. Compose keeps single-quoted text literally but for backslashes: current
 *       compose-go lets one escape the next character and drops it before a quote, older
 *       releases only skip a quote right after one. python-dotenv turns {@code \\} into
 *       {@code \} and {@code \'} into {@code '}, and interpolates <code>${NAME}</code> even in
 *       single quotes.
 *   <li><b>double-quoted</b> {@code KEY="value"} with {@code \} and {@code "} escaped as
 *       {@code \\} and {@code \"}: the value has no {@code $} (Compose interpolates {@code $NAME}
 *       in double quotes, python-dotenv <code>${NAME}</code>) and does not end with {@code \}
 *       (older compose-go takes any {@code \"} as an escaped quote, so {@code "...\\"} never
 *       closes).
 *   <li><b>bare</b> {@code KEY=value}, for what both parsers take verbatim unquoted: no
 *       {@code $}, no control character, no whitespace but inner spaces, no {@code " #"}, not
 *       starting with a quote or {@code #}. This is the only form for a trailing backslash.
 * </ol>
 *
 * Newline, carriage return and NUL are always refused.
 */
public final class EnvValueCodec {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@+,=%-]*");

    /** compose-go's {@code escapeSeqRegex}: the only backslash sequences it decodes. */
    private static final Pattern COMPOSE_ESCAPE = Pattern.compile("\\\\(?:[abcfnrtv$\"\\\\]|0[0-9]{0,3})");

    private EnvValueCodec() {}

    /**
     * Returns the text to put after {@code KEY=}.
     *
     * @throws IllegalArgumentException if the value contains a newline, carriage return or NUL, or
     *     cannot be written so that both Docker Compose and python-dotenv read it back unchanged.
     *     The message never contains the value, which may be a secret.
     */
    public static String encode(String value) {
        checkWritable(value);
        List<String> forms = forms(value);
        if (forms.isEmpty()) {
            throw new IllegalArgumentException(
                    "value cannot be written so that both Docker Compose and python-dotenv read it back"
                            + " unchanged (it contains '${...}', ends with a backslash, or combines '$' with a"
                            + " single quote or a double backslash)");
        }
        return forms.get(0);
    }

    /**
     * Decodes the text after {@code KEY=} the way Docker Compose's dotenv parser (compose-go, as in
     * Debian's docker-compose 2.26.1) does, without its final variable-interpolation
     * step: unquoted text ends at {@code " #"} and is trimmed; quoted text ends at the first
     * quote not escaped by a backslash, and only the backslash of such an escaped quote is
     * dropped; double-quoted text then has its backslash escapes processed, {@code \$} becoming
     * {@code $$} as compose-go hands it to interpolation. So for unquoted or double-quoted text
     * containing {@code $}, the result is not what a container sees ({@code $VAR} and {@code $$}
     * would be substituted by Compose). Older compose-go releases kept the backslash of
     * {@code \'} and never closed a quote right after {@code \\}; {@link #encode} writes no text
     * on which the two differ.
     *
     * @throws IllegalArgumentException if a quoted value is not terminated.
     */
    public static String decode(String raw) {
        Objects.requireNonNull(raw, "raw");
        String text = raw.substring(leadingSpaceLength(raw));
        if (text.isEmpty() || (text.charAt(0) != '\'' && text.charAt(0) != '"')) {
            return text.substring(0, unquotedLength(text));
        }
        int close = closingQuote(text, 0);
        if (close < 0) {
            throw new IllegalArgumentException("unterminated quoted value");
        }
        String content = unescapeQuote(text.substring(1, close), text.charAt(0));
        return text.charAt(0) == '"' ? expandComposeEscapes(content) : content;
    }

    /**
     * Whether {@code raw} is one of the forms above for {@code value}, i.e. both parsers read it
     * back as {@code value}. Lets {@link EnvFile#set} keep a user's equivalent quoting as it is.
     */
    static boolean readsBackAs(String raw, String value) {
        return forms(value).contains(raw);
    }

    /** Every form above that holds {@code value}, in order of preference; may be empty. */
    static List<String> forms(String value) {
        List<String> forms = new ArrayList<>();
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            return forms;
        }
        if (isPlain(value)) {
            forms.add(value);
        }
        if (canSingleQuote(value)) {
            forms.add(singleQuoted(value));
        }
        if (canDoubleQuote(value)) {
            forms.add(doubleQuoted(value));
        }
        if (!isPlain(value) && canBare(value)) {
            forms.add(value);
        }
        return forms;
    }

    /**
     * Index of the quote closing the one at {@code open}, possibly on a later line, or -1. As in
     * current compose-go, a backslash escapes the next character, so {@code '\\'} is closed.
     */
    static int closingQuote(String text, int open) {
        char quote = text.charAt(open);
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    /** compose-go drops the backslash of an escaped quote of the enclosing kind, keeps all others. */
    private static String unescapeQuote(String content, char quote) {
        StringBuilder out = new StringBuilder(content.length());
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '\\' && i + 1 < content.length()) {
                char next = content.charAt(++i);
                if (next != quote) {
                    out.append(c);
                }
                out.append(next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Length of an unquoted value by compose-go's rule: cut at {@code " #"}, trim the end. */
    static int unquotedLength(String text) {
        int end = text.indexOf('\n');
        if (end < 0) {
            end = text.length();
        }
        int comment = text.substring(0, end).indexOf(" #");
        if (comment >= 0) {
            end = comment;
        }
        while (end > 0 && isGoSpace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** compose-go trims these (its {@code isSpace}) between {@code =} and the value. */
    private static int leadingSpaceLength(String text) {
        int i = 0;
        while (i < text.length() && "\t\u000B\f\r \u0085\u00A0".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** Go's {@code unicode.IsSpace}, which compose-go uses to trim. */
    private static boolean isGoSpace(char c) {
        return (c >= '\t' && c <= '\r') || c == '\u0085' || Character.isSpaceChar(c);
    }

    private static void checkWritable(String value) {
        Objects.requireNonNull(value, "value");
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("value contains a newline, which a .env line cannot hold");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("value contains a NUL character, which a .env file cannot hold");
        }
    }

    private static boolean isPlain(String value) {
        return PLAIN.matcher(value).matches();
    }

    private static boolean canSingleQuote(String value) {
        return value.indexOf('\'') < 0 && !value.contains("\\\\") && !value.endsWith("\\") && !hasBraceVariable(value);
    }

    /** Could python-dotenv's <code>\$\{name(:-default)?\}</code> match anywhere in it? */
    private static boolean hasBraceVariable(String value) {
        int open = value.indexOf("${");
        return open >= 0 && value.indexOf('}', open) >= 0;
    }

    private static boolean canDoubleQuote(String value) {
        return value.indexOf('$') < 0 && !value.endsWith("\\");
    }

    /**
     * Unquoted text that Compose (cut at {@code " #"}, trim) and python-dotenv (cut at
     * {@code \s+#}, trim) both take verbatim, and neither interpolates.
     */
    private static boolean canBare(String value) {
        if (value.isEmpty() || value.indexOf('$') >= 0 || value.contains(" #")) {
            return false;
        }
        char first = value.charAt(0);
        if (first == '\'' || first == '"' || first == '#' || first == ' ' || value.endsWith(" ")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || (c != ' ' && (isGoSpace(c) || Character.isWhitespace(c)))) {
                return false;
            }
        }
        return true;
    }

    private static String singleQuoted(String value) {
        return "'" + value + "'";
    }

    private static String doubleQuoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** compose-go's {@code expandEscapes}; sequences Go cannot unquote stay as written. */
    static String expandComposeEscapes(String content) {
        Matcher m = COMPOSE_ESCAPE.matcher(content);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(unescape(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String unescape(String seq) {
        switch (seq.charAt(1)) {
            case 'a':
                return "\u0007";
            case 'b':
                return "\b";
            case 'f':
                return "\f";
            case 'n':
                return "\n";
            case 'r':
                return "\r";
            case 't':
                return "\t";
            case 'v':
                return "\u000B";
            case '"':
                return "\"";
            case '\\':
                return "\\";
                // compose-go leaves "$$" for its interpolation step to turn into a literal "$".
            case '$':
                return "$$";
            case '0':
                return octal(seq);
            default:
                return seq; // "\c": matched by compose-go's regex, rejected by Go's UnquoteChar
        }
    }

    /**
     * {@code \0ooo}: compose-go drops the {@code 0}, then Go's UnquoteChar wants exactly three
     * octal digits worth at most 255, and on failure the text stays without the {@code 0}.
     */
    private static String octal(String seq) {
        String digits = seq.substring(2);
        if (!digits.matches("[0-7]{3}") || Integer.parseInt(digits, 8) > 255) {
            return "\\" + digits;
        }
        return String.valueOf((char) Integer.parseInt(digits, 8));
    }
}
