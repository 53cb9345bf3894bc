package reflector.setup.validation;

import static reflector.setup.text.SafeText.quote;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import reflector.setup.envfile.EnvValueCodec;
import reflector.setup.text.SafeText;

/**
 * Checks for user-supplied settings. Each method returns the (possibly normalised) value or throws
 * {@link IllegalArgumentException} with a short message that names the problem; the caller prefixes
 * the option name. Messages show input only escaped (see {@link SafeText}),
 * and never show credentials.
 *
 * <p>Values end up in {@code .env} files, a Caddyfile and compose files, so besides being valid for
 * their service they must not be able to break out of those files: this is why quotes, braces,
 * {@code $}, backslashes and all whitespace are refused even where the service itself might allow
 * them. The S3 secret key is the exception: it only goes into server/.env, whose writer quotes it
 * so that both of its readers get it back exactly, so only what no quoting can carry is refused.
 */
public final class Validators {

    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");
    private static final Pattern S3_REGION = Pattern.compile("[a-z0-9-]{1,32}");
    private static final String ENV_UNSAFE = "\"'`\\$";
    private static final int MAX_CREDENTIAL_LENGTH = 256;
    private static final int MIN_ACCESS_KEY_ID_LENGTH = 3;
    private static final int MAX_ACCESS_KEY_ID_LENGTH = 128;
    /** Longer URLs are refused by browsers and proxies alike; 100 KB in an env file is a mistake. */
    public static final int MAX_URL_LENGTH = 2048;
    /** An IPv6 address with brackets and every group written out is 41 characters. */
    private static final int MAX_IP_LENGTH = 64;

    private Validators() {}

    /**
     * A fully qualified DNS host name such as {@code reflector.example.com}; returned in lower case
     * without a trailing dot.
     */
    public static String domain(String input) {
        requirePrintable(input);
        String host = input.endsWith(".") ? input.substring(0, input.length() - 1) : input;
        if (IpLiterals.isIpLiteral(host)) {
            throw fail("is an IP address, not a domain name; use --public-ip for an IP address");
        }
        if (host.contains("://")) {
            throw fail("must be a host name only, without a scheme such as https://: " + quote(input));
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c > 127) {
                throw fail("must be ASCII; write an internationalised name in its xn-- form" + punycodeHint(host));
            }
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
                throw fail(switch (c) {
                            case '/' -> "must be a host name only, without a path ('/'): ";
                            case ':' -> "must be a host name only, without a port (':'): ";
                            case '*' -> "must not be a wildcard ('*'): ";
                            case '_' -> "must not contain '_' (not allowed in host names): ";
                            default -> "must not contain " + quote(String.valueOf(c)) + ": ";
                        }
                        + quote(input));
            }
        }
        if (host.length() > 253) {
            throw fail("is too long (" + host.length() + " characters; at most 253)");
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                throw fail("has an empty label (a leading dot or two dots in a row): " + quote(input));
            }
            if (label.length() > 63) {
                throw fail("has a label longer than 63 characters: " + quote(label));
            }
            if (!DNS_LABEL.matcher(label).matches()) {
                throw fail("has a label that starts or ends with '-': " + quote(label));
            }
        }
        if (labels.length < 2) {
            throw fail("must be a fully qualified name such as reflector.example.com: " + quote(input));
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw fail("must not end in an all-numeric label; use --public-ip for an IP address: " + quote(input));
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /**
     * An IPv4 dotted quad or an IPv6 address (optionally in brackets). Parsed to bytes directly, so
     * this never performs a DNS lookup.
     */
    public static InetAddress ipAddress(String input) {
        requirePrintable(input);
        if (input.length() > MAX_IP_LENGTH) {
            throw fail("is too long for an IP address (" + input.length() + " characters)");
        }
        Optional<InetAddress> v4 = IpLiterals.ipv4(input);
        if (v4.isPresent()) {
            return v4.get();
        }
        String s = input.startsWith("[") && input.endsWith("]") ? input.substring(1, input.length() - 1) : input;
        if (s.contains("%")) {
            throw fail("must not contain a zone index ('%'): " + quote(input));
        }
        if (s.contains(":")) {
            return IpLiterals.ipv6(s).orElseThrow(() -> fail("is not a valid IPv6 address: " + quote(input)));
        }
        if (s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            throw fail("is not a valid IPv4 address (four numbers 0-255, no leading zeros): " + quote(input));
        }
        throw fail("is not an IP address (host names are not accepted here): " + quote(input));
    }

    /**
     * An absolute http or https URL with a host, without user name/password, query or fragment;
     * returned without trailing slashes. The URL itself is not echoed in messages because it might
     * carry credentials.
     */
    public static String httpUrl(String input) {
        requirePrintable(input);
        if (input.length() > MAX_URL_LENGTH) {
            throw fail("is too long (" + input.length() + " characters; at most " + MAX_URL_LENGTH + ")");
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c > 127) {
                throw fail("must be ASCII; percent-encode the path and use the xn-- form of the host");
            }
            if (ENV_UNSAFE.indexOf(c) >= 0) {
                throw fail("must not contain " + quote(String.valueOf(c)));
            }
        }
        URI uri;
        try {
            uri = new URI(input);
        } catch (URISyntaxException e) {
            throw fail("is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw fail("must start with http:// or https://");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw fail("must be an absolute URL such as https://host/path");
        }
        if (uri.getRawUserInfo() != null) {
            throw fail("must not contain a user name or password ('user@')");
        }
        if (uri.getHost() == null) {
            throw fail("must contain a valid host name or IP address");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw fail("has a port outside 1-65535");
        }
        if (uri.getRawQuery() != null) {
            throw fail("must not contain a query ('?')");
        }
        if (uri.getRawFragment() != null) {
            throw fail("must not contain a fragment ('#')");
        }
        String host = uri.getHost();
        if (host.startsWith("[")
                && IpLiterals.ipv6(host.substring(1, host.length() - 1)).isEmpty()) {
            throw fail("has an invalid IPv6 address as host");
        }
        String result = input;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    /** An S3 bucket name following AWS's general-purpose bucket rules (which Garage accepts too). */
    public static String s3Bucket(String input) {
        requirePrintable(input);
        if (input.length() < 3 || input.length() > 63) {
            throw fail("must be 3 to 63 characters long (is " + input.length() + "): " + quote(input));
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
                throw fail("may contain only lower-case letters, digits, '.' and '-' (found " + quote(String.valueOf(c))
                        + "): " + quote(input));
            }
        }
        if (!isAlnum(input.charAt(0)) || !isAlnum(input.charAt(input.length() - 1))) {
            throw fail("must start and end with a letter or digit: " + quote(input));
        }
        if (input.contains("..")) {
            throw fail("must not contain two dots in a row: " + quote(input));
        }
        if (IpLiterals.ipv4(input).isPresent()) {
            throw fail("must not look like an IP address: " + quote(input));
        }
        for (String prefix : new String[] {"xn--", "sthree-"}) {
            if (input.startsWith(prefix)) {
                throw fail("must not start with '" + prefix + "' (reserved): " + quote(input));
            }
        }
        for (String suffix : new String[] {"-s3alias", "--ol-s3"}) {
            if (input.endsWith(suffix)) {
                throw fail("must not end with '" + suffix + "' (reserved): " + quote(input));
            }
        }
        return input;
    }

    public static String s3Region(String input) {
        requirePrintable(input);
        if (!S3_REGION.matcher(input).matches()) {
            throw fail(
                    "must be 1 to 32 lower-case letters, digits or '-', such as us-east-1 or garage: " + quote(input));
        }
        return input;
    }

    /**
     * 3 to 128 printable ASCII characters without whitespace, quotes, backslashes or '$': AWS uses
     * letters and digits, but S3-compatible services allow more (MinIO: {@code reflector-app}).
     * Not echoed: an access key id is half of a credential.
     */
    public static String s3AccessKeyId(String input) {
        credential(input);
        if (input.length() < MIN_ACCESS_KEY_ID_LENGTH || input.length() > MAX_ACCESS_KEY_ID_LENGTH) {
            throw fail("must be " + MIN_ACCESS_KEY_ID_LENGTH + " to " + MAX_ACCESS_KEY_ID_LENGTH
                    + " characters long (is " + input.length() + ")");
        }
        return input;
    }

    /**
     * 1 to 256 printable ASCII characters, spaces inside included; never echoed. S3-compatible
     * services let people choose their secret (MinIO), so '$', '#', '!', quotes, braces and the
     * like are real. What the env file cannot hold is refused: a value that no text of
     * server/.env gives to both Docker Compose and python-dotenv unchanged (python-dotenv
     * substitutes <code>${...}</code> whatever the quoting; see {@link EnvValueCodec}).
     */
    public static String s3SecretAccessKey(String input) {
        requireNonEmpty(input);
        if (input.length() > MAX_CREDENTIAL_LENGTH) {
            throw fail("is too long (" + input.length() + " characters; at most " + MAX_CREDENTIAL_LENGTH + ")");
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                throw fail("must not contain tabs or line breaks (check for a stray one when pasting)");
            }
            if (c < 0x20 || c > 0x7e) {
                throw fail("must contain only printable ASCII characters");
            }
        }
        if (input.startsWith(" ") || input.endsWith(" ")) {
            throw fail("must not start or end with a space (check for a stray one when pasting)");
        }
        try {
            EnvValueCodec.encode(input);
        } catch (IllegalArgumentException e) {
            throw fail("cannot be written to server/.env so that Docker Compose and the backend (python-dotenv) both "
                    + "read it unchanged: python-dotenv substitutes '${...}' whatever the quoting, and a '$' cannot be "
                    + "combined with a single quote, a double backslash or a final backslash");
        }
        return input;
    }

    /** The longest retention {@link #publicRetentionDays} accepts: 100 years, which is as good as never. */
    public static final int MAX_RETENTION_DAYS = 36500;

    /**
     * A public instance's PUBLIC_DATA_RETENTION_DAYS: a whole number of days from 1 to
     * {@value #MAX_RETENTION_DAYS}, written in digits only. The backend wants a positive integer
     * (pydantic's PositiveInt, or it does not start), and counts the cut-off back from today, which
     * fails for a number of days reaching before the year 1.
     */
    public static int publicRetentionDays(String input) {
        requirePrintable(input);
        if (!input.matches("[0-9]{1,9}")
                || Integer.parseInt(input) < 1
                || Integer.parseInt(input) > MAX_RETENTION_DAYS) {
            throw fail("must be a whole number of days from 1 to " + MAX_RETENTION_DAYS + ": " + quote(input));
        }
        return Integer.parseInt(input);
    }

    /**
     * A Hugging Face token: printable ASCII without whitespace, at most 256 characters; never
     * echoed. Quotes, backslashes and '$' are refused as well (real tokens are {@code hf_} plus
     * letters and digits) because the token is written to an {@code .env} file.
     */
    public static String hfToken(String input) {
        return credential(input);
    }

    /**
     * An Ollama model name, {@code [host/][namespace/]model[:tag]}, with Ollama's rules for each
     * part: it starts with a letter, digit or '_'; host may contain {@code [A-Za-z0-9_.:-]} (at most
     * 350 characters), namespace {@code [A-Za-z0-9_-]} (at most 80), model and tag
     * {@code [A-Za-z0-9_.-]} (at most 80). Digest references ({@code @sha256:...}) are refused.
     */
    public static String ollamaModel(String input) {
        requirePrintable(input);
        if (input.contains("@")) {
            throw fail("must not contain a digest ('@...'); this installer accepts only name[:tag]: " + quote(input));
        }
        if (input.contains("://")) {
            throw fail("must not contain a scheme such as https://: " + quote(input));
        }
        String rest = input;
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String[] parts = rest.split("/", -1);
        if (parts.length > 3) {
            throw fail("has too many '/'; expected [host/][namespace/]model[:tag]: " + quote(input));
        }
        int n = parts.length;
        if (n == 3) {
            ollamaPart("host", parts[0], 350, "_.:-");
        }
        if (n >= 2) {
            ollamaPart("namespace", parts[n - 2], 80, "_-");
        }
        ollamaPart("model", parts[n - 1], 80, "_.-");
        if (tag != null) {
            ollamaPart("tag", tag, 80, "_.-");
        }
        return input;
    }

    private static void ollamaPart(String kind, String part, int maxLength, String extraChars) {
        if (part.isEmpty()) {
            throw fail("has an empty " + kind);
        }
        if (part.length() > maxLength) {
            throw fail("has a " + kind + " longer than " + maxLength + " characters");
        }
        char first = part.charAt(0);
        if (!(isAsciiAlnum(first) || first == '_')) {
            throw fail("has a " + kind + " that does not start with a letter, digit or '_': " + quote(part));
        }
        for (int i = 1; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!isAsciiAlnum(c) && extraChars.indexOf(c) < 0) {
                throw fail("has a " + kind + " with " + quote(String.valueOf(c)) + " in it: " + quote(part));
            }
        }
    }

    private static String credential(String input) {
        requireNonEmpty(input);
        if (input.length() > MAX_CREDENTIAL_LENGTH) {
            throw fail("is too long (" + input.length() + " characters; at most " + MAX_CREDENTIAL_LENGTH + ")");
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw fail("must not contain whitespace (check for a stray space or line break when pasting)");
            }
            if (c < 0x21 || c > 0x7e) {
                throw fail("must contain only printable ASCII characters");
            }
            if (ENV_UNSAFE.indexOf(c) >= 0) {
                throw fail("must not contain quotes, backticks, backslashes or '$'");
            }
        }
        return input;
    }

    /**
     * A value that is echoed and written as it is (a path, a URL): no control characters,
     * direction overrides or other invisible formatting, which could forge lines or reorder text
     * on the terminal. Spaces are allowed. The message shows the value escaped.
     */
    public static String noControlCharacters(String input) {
        if (hasControlCharacters(input)) {
            throw fail("must not contain control characters: " + quote(input));
        }
        return input;
    }

    private static boolean hasControlCharacters(String input) {
        return input.chars()
                .anyMatch(c -> Character.isISOControl(c)
                        || Character.getType(c) == Character.FORMAT
                        || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
    }

    private static void requireNonEmpty(String input) {
        if (input == null || input.isEmpty()) {
            throw fail("must not be empty");
        }
    }

    /** Non-empty, and no control characters or whitespace; the offending input is shown escaped. */
    static void requirePrintable(String input) {
        requireNonEmpty(input);
        if (hasControlCharacters(input)) {
            throw fail("must not contain control characters: " + quote(input));
        }
        if (input.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            throw fail("must not contain spaces: " + quote(input));
        }
    }

    private static String punycodeHint(String host) {
        try {
            return ", e.g. " + IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static IllegalArgumentException fail(String message) {
        return new IllegalArgumentException(message);
    }
}
