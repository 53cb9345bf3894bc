package reflector.setup.secrets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
    /**
     * Secrets shorter than this are masked only where they stand alone (not inside a longer
     * word), so that a three-letter password does not blank out every word that contains it.
     */
    public static final int MIN_LENGTH = 6;

    private static final SecretMasker EMPTY = new SecretMasker(Set.of());

    /**
     * Values under secret-looking names that are not secret: what the installer writes there, and
     * switches such as {@code FEATURE_KEY=true}, which would blank out every "true" on the screen.
     */
    private static final Set<String> PUBLIC_VALUES =
            Set.of("selfhosted", "not-needed", "changeme", "true", "false", "yes", "no", "on", "off", "none", "null");
    /**
     * One or two characters are not masked wherever they appear (a secret "1" would mask the step
     * numbers); under a secret name they are still masked by {@link #maskAssignments} and in
     * dry-run diffs.
     */
    private static final int MIN_MASKED_LENGTH = 3;

    /**
     * Any {@code key=value}, {@code key: value} or {@code "key": "value"}; {@link SecretNames} decides
     * whether the value is masked.
     */
    private static final Pattern ASSIGNMENT = Pattern.compile("(?<![A-Za-z0-9_.-])"
            + "([\"']?)"
            + "([A-Za-z0-9_.-]++)"
            + "\\1[ \\t]*[=:][ \\t]*"
            // Loops unrolled (runs of plain characters, then one escape at a time): Java's
            // engine recurses once per repetition of a group and would overflow on a long value.
            + "(?:\"([^\"\\\\\\r\\n]*+(?:\\\\.[^\"\\\\\\r\\n]*+)*+)\""
            + "|'([^'\\r\\n]*+)'"
            // Unquoted: up to whitespace, a quote or '&' (URL query strings). Escapes are
            // consumed so that a JSON-escaped quote inside an "Env" entry does not end it.
            + "|((?![{\\[])(?=\\\\.|[^\\s\"'\\\\&])[^\\s\"'\\\\&]*+(?:\\\\.[^\\s\"'\\\\&]*+)*+))");

    /** {@code scheme://user:password@}: the password goes, the user stays. */
    private static final Pattern URL_PASSWORD =
            Pattern.compile("((?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*+://[^/\\s:@'\"]*+):([^/\\s@'\"]++)@");
    /** {@code https://token@host}: a lone user name in a web URL is a token (GitHub and the like). */
    private static final Pattern URL_TOKEN = Pattern.compile("((?<![A-Za-z0-9+.-])(?i:https?)://)([^/\\s:@'\"]++)@");

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

    /**
     * A masker that also hides {@code more}. Blank values are ignored, as are the few public
     * values the installer writes under secret names; a value of several lines is masked whole
     * and line by line (output is often looked at one line at a time).
     */
    public SecretMasker with(String... more) {
        return with(Arrays.asList(more));
    }

    public SecretMasker with(Collection<String> more) {
        Set<String> all = new LinkedHashSet<>(secrets);
        for (String secret : more) {
            if (secret == null
                    || secret.isBlank()
                    || secret.strip().length() < MIN_MASKED_LENGTH
                    || PUBLIC_VALUES.contains(secret.toLowerCase(Locale.ROOT))) {
                continue;
            }
            add(all, secret);
            if (secret.indexOf('\n') >= 0 || secret.indexOf('\r') >= 0) {
                for (String line : secret.split("\\R")) {
                    if (line.strip().length() >= MIN_MASKED_LENGTH) {
                        add(all, line.strip());
                    }
                }
            }
        }
        return all.size() == secrets.size() ? this : new SecretMasker(Collections.unmodifiableSet(all));
    }

    /** A masker that hides what both hide. */
    public SecretMasker with(SecretMasker other) {
        return with(other.secrets);
    }

    private static void add(Set<String> all, String secret) {
        all.add(secret);
        all.addAll(jsonEscapedForms(secret));
    }

    /** Number of distinct strings masked, including the JSON-escaped forms of secrets. */
    public int size() {
        return secrets.size();
    }

    /**
     * Replaces every occurrence of a known secret with {@value #MASK}, longest secrets first (a
     * short one only where it stands alone), and the password of every {@code user:password@} in
     * a URL.
     */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = pattern == null ? text : pattern.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
        return maskUrlCredentials(masked);
    }

    /** Whether the text contains a known secret (passwords in URLs aside). */
    public boolean containsSecret(String text) {
        return text != null && pattern != null && pattern.matcher(text).find();
    }

    /** {@link #mask} followed by {@link #maskAssignments}. */
    public String maskAll(String text) {
        return maskAssignments(mask(text));
    }

    /** The password in {@code scheme://user:password@host}, and a token used as the user of a web URL. */
    public static String maskUrlCredentials(String text) {
        if (text == null || text.indexOf("://") < 0) {
            return text;
        }
        String masked =
                URL_PASSWORD.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
        return URL_TOKEN.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    }

    /**
     * Masks the value of every {@code KEY=value}, {@code KEY: value} and {@code "key": "value"} whose
     * key {@link SecretNames} calls secret. Quoted values keep their quotes; empty quoted values
     * are left visible because "it is empty" is useful in diagnostics.
     */
    public static String maskAssignments(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = ASSIGNMENT.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            if (!SecretNames.isSecret(m.group(2))) {
                // The value may itself start another assignment ("x foo=password=abc").
                from = m.end(2);
                continue;
            }
            int value = m.group(3) != null ? 3 : m.group(4) != null ? 4 : 5;
            if (m.start(value) < m.end(value)) {
                out.append(text, copied, m.start(value)).append(MASK);
                copied = m.end(value);
            }
            from = m.end();
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static Pattern alternation(Set<String> secrets) {
        // Regex alternation takes the first alternative that matches, so longest first makes a
        // secret that contains another one disappear entirely.
        List<String> ordered = new ArrayList<>(secrets);
        ordered.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        return Pattern.compile(ordered.stream().map(SecretMasker::alternative).collect(Collectors.joining("|")));
    }

    private static String alternative(String secret) {
        String quoted = Pattern.quote(secret);
        return secret.length() >= MIN_LENGTH ? quoted : "(?<![A-Za-z0-9])" + quoted + "(?![A-Za-z0-9])";
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
            String escaped =
                    switch (c) {
                        case '"' -> "\\\"";
                        case '\\' -> "\\\\";
                        case '\n' -> "\\n";
                        case '\r' -> "\\r";
                        case '\t' -> "\\t";
                        default -> c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
                    };
            jackson.append(escaped);
            go.append(
                    c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'
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
