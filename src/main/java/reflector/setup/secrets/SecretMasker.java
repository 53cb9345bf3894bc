package reflector.setup.secrets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Hides secrets in text that is shown to the user or written to diagnostics (container logs,
 * {@code docker inspect} output). Immutable and therefore thread-safe; {@link #with} returns a
 * new masker.
 */
public final class SecretMasker {

    public static final String MASK = "********";
    /** Shorter strings would mask ordinary words and numbers all over the text. */
    public static final int MIN_LENGTH = 6;

    private static final SecretMasker EMPTY = new SecretMasker(Set.of());

    private static final String KEY_CHAR = "[A-Za-z0-9_.-]";
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?<!" + KEY_CHAR + ")"
                    + "([\"']?)"
                    + KEY_CHAR + "*?"
                    + "(?:SECRET|PASSWORD|PASSWD|TOKEN|ACCESS[_-]?KEY|API[_-]?KEY|HASH)"
                    + KEY_CHAR + "*+"
                    + "\\1[ \\t]*[=:][ \\t]*"
                    + "(?:\"((?:[^\"\\\\\\r\\n]|\\\\.)*)\""
                    + "|'([^'\\r\\n]*)'"
                    // Unquoted: up to whitespace, a quote or '&' (URL query strings). Escapes are
                    // consumed so that a JSON-escaped quote inside an "Env" entry does not end it.
                    + "|((?![{\\[])(?:\\\\.|[^\\s\"'\\\\&])+))",
            Pattern.CASE_INSENSITIVE);

    private final Set<String> secrets;
    private final Pattern pattern;

    private SecretMasker(Set<String> secrets) {
        this.secrets = secrets;
        this.pattern = secrets.isEmpty() ? null : alternation(secrets);
    }

    public static SecretMasker empty() {
        return EMPTY;
    }

    public static SecretMasker of(String... secrets) {
        return EMPTY.with(secrets);
    }

    /** A masker that also hides {@code more}; blank values and values shorter than 6 characters are ignored. */
    public SecretMasker with(String... more) {
        return with(Arrays.asList(more));
    }

    public SecretMasker with(Collection<String> more) {
        Set<String> all = new LinkedHashSet<>(secrets);
        for (String secret : more) {
            if (secret != null && !secret.isBlank() && secret.length() >= MIN_LENGTH) {
                all.add(secret);
                all.addAll(jsonEscapedForms(secret));
            }
        }
        return all.size() == secrets.size() ? this : new SecretMasker(Collections.unmodifiableSet(all));
    }

    /** Number of distinct strings masked, including the JSON-escaped forms of secrets. */
    public int size() {
        return secrets.size();
    }

    /** Replaces every occurrence of a known secret with {@value #MASK}, longest secrets first. */
    public String mask(String text) {
        if (text == null || pattern == null) {
            return text;
        }
        return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    }

    /** {@link #mask} followed by {@link #maskAssignments}. */
    public String maskAll(String text) {
        return maskAssignments(mask(text));
    }

    /**
     * Masks the value of every {@code KEY=value}, {@code KEY: value} and {@code "key": "value"} whose
     * key contains SECRET, PASSWORD, PASSWD, TOKEN, ACCESS_KEY, API_KEY or HASH (any case; a
     * {@code -} or nothing may stand for the {@code _}). Quoted values keep their quotes; empty
     * quoted values are left visible because "it is empty" is useful in diagnostics.
     */
    public static String maskAssignments(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = ASSIGNMENT.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (m.find()) {
            int value = m.group(2) != null ? 2 : m.group(3) != null ? 3 : 4;
            if (m.start(value) < m.end(value)) {
                out.append(text, copied, m.start(value)).append(MASK);
                copied = m.end(value);
            }
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static Pattern alternation(Set<String> secrets) {
        // Regex alternation takes the first alternative that matches, so longest first makes a
        // secret that contains another one disappear entirely.
        List<String> ordered = new ArrayList<>(secrets);
        ordered.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        return Pattern.compile(ordered.stream().map(Pattern::quote).collect(Collectors.joining("|")));
    }

    /**
     * How the secret looks inside a JSON string: escaped by Jackson (quotes, backslashes, control
     * characters) and by Go's encoding/json, which Docker uses and which also escapes &lt;, &gt;
     * and &amp;.
     */
    private static List<String> jsonEscapedForms(String secret) {
        StringBuilder jackson = new StringBuilder();
        StringBuilder go = new StringBuilder();
        for (char c : secret.toCharArray()) {
            String escaped = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
            };
            jackson.append(escaped);
            go.append(c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'
                    ? String.format("\\u%04x", (int) c)
                    : escaped);
        }
        List<String> forms = new ArrayList<>(2);
        for (String form : List.of(jackson.toString(), go.toString())) {
            if (!form.equals(secret) && !forms.contains(form)) {
                forms.add(form);
            }
        }
        return forms;
    }
}
