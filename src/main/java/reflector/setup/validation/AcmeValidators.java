package reflector.setup.validation;

import static reflector.setup.text.SafeText.quote;

import java.util.regex.Pattern;

/**
 * The values of the ACME options (--acme-ca, --acme-email), which end up in the Caddyfile's global
 * options and the root .env; the same rules as {@link Validators}: an {@link IllegalArgumentException}
 * names what is wrong, and the value is returned as it is written.
 */
public final class AcmeValidators {
    private static final String CADDYFILE_UNSAFE = "{}#";
    private static final Pattern EMAIL_LOCAL = Pattern.compile("[A-Za-z0-9._%+-]+");

    private AcmeValidators() {}

    /**
     * An ACME directory URL for Caddy's {@code acme_ca}: an https URL as {@link Validators#httpUrl} takes it
     * (RFC 8555 requires HTTPS), and nothing that means something in a Caddyfile: braces start
     * placeholders and '#' a comment, so both are refused even where a URL could carry them.
     */
    public static String acmeDirectoryUrl(String input) {
        Validators.requirePrintable(input);
        for (char c : CADDYFILE_UNSAFE.toCharArray()) {
            if (input.indexOf(c) >= 0) {
                throw new IllegalArgumentException("must not contain " + quote(String.valueOf(c)));
            }
        }
        String url = Validators.httpUrl(input);
        if (!url.regionMatches(true, 0, "https://", 0, 8)) {
            throw new IllegalArgumentException(
                    "must start with https:// (ACME directories are served over HTTPS only)");
        }
        return url;
    }

    /**
     * An e-mail address for the ACME account: {@code local@domain}, the local part of letters,
     * digits and {@code . _ % + -} (what CAs and mail systems commonly accept, and nothing a
     * Caddyfile or .env would read differently), the domain as {@link Validators#domain} takes it.
     */
    public static String email(String input) {
        Validators.requirePrintable(input);
        if (input.length() > 254) {
            throw new IllegalArgumentException("is too long (" + input.length() + " characters; at most 254)");
        }
        int at = input.lastIndexOf('@');
        if (at <= 0 || at == input.length() - 1) {
            throw new IllegalArgumentException("must be an address such as ops@example.com: " + quote(input));
        }
        String local = input.substring(0, at);
        if (local.length() > 64
                || !EMAIL_LOCAL.matcher(local).matches()
                || local.startsWith(".")
                || local.endsWith(".")
                || local.contains("..")) {
            throw new IllegalArgumentException("has a part before '@' that is not letters, digits and . _ % + - "
                    + "(or is longer than 64): "
                    + quote(input));
        }
        String host;
        try {
            host = Validators.domain(input.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a domain that " + e.getMessage());
        }
        return local + "@" + host;
    }
}
