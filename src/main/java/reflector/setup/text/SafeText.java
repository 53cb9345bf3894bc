package reflector.setup.text;

/**
 * Makes untrusted input safe to echo in a message: control, format (e.g. bidi overrides) and
 * line-separator characters and unpaired surrogates are shown as escapes, so input cannot forge
 * extra lines or reorder the terminal's text.
 */
public final class SafeText {

    /** Longest input, in characters, that {@link #quote} shows before cutting it short. */
    public static final int MAX_SHOWN = 80;

    private SafeText() {}

    /** The input in double quotes, escaped, and cut to {@value #MAX_SHOWN} characters with "...". */
    public static String quote(String input) {
        if (input == null) {
            return "null";
        }
        boolean cut = input.length() > MAX_SHOWN;
        String shown = cut ? input.substring(0, MAX_SHOWN) : input;
        return "\"" + escape(shown) + "\"" + (cut ? "..." : "");
    }

    /** The input with every character that is not safely printable replaced by an escape. */
    public static String escape(String input) {
        return escape(input, false, true);
    }

    /**
     * A one-line message for the terminal: control and formatting characters (line breaks
     * included) escaped; quotes and backslashes, which are harmless, left as they are.
     */
    public static String oneLine(String input) {
        return escape(input, false, false);
    }

    /**
     * A message for the terminal: as {@link #escape}, but line breaks and tabs stay as they are
     * (for multi-line output such as Docker's) and quotes and backslashes are not escaped.
     */
    public static String forTerminal(String input) {
        return escape(input, true, false);
    }

    private static String escape(String input, boolean keepLines, boolean escapeQuotes) {
        StringBuilder out = new StringBuilder(input.length());
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < input.length()
                    && Character.isLowSurrogate(input.charAt(i + 1))) {
                int cp = input.codePointAt(i);
                if (isPrintable(cp)) {
                    out.append(c).append(input.charAt(i + 1));
                } else {
                    out.append(String.format("\\U%08x", cp));
                }
                i++;
                continue;
            }
            if (keepLines && (c == '\n' || c == '\t') || !escapeQuotes && (c == '\\' || c == '"')) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> {
                    if (isPrintable(c)) {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean isPrintable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE,
                    Character.UNASSIGNED,
                    Character.PRIVATE_USE -> false;
            default -> true;
        };
    }
}
