package reflector.setup.secrets;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which names (env keys, JSON and YAML keys, query parameters) hold secrets, so that their
 * values are masked whatever they are. Generous on purpose: showing {@code KEY_ID=********} costs
 * little, showing a password costs a lot.
 */
public final class SecretNames {
    /** Anywhere in the name: SMTP_PASSWORD, GARAGE_ADMIN_TOKEN, SENTRY_DSN, AWS_CREDENTIALS. */
    private static final Pattern WORD = Pattern.compile(
            "SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|CREDENTIAL|PRIVATE|HASH|DSN|APIKEY|ACCESSKEY|AUTHKEY|SALT");
    /**
     * As a whole part of the name only (between '_', '-', '.' or the ends): SMTP_PASS, DB_PWD,
     * SECRET_KEY, API-KEY, SIGNING_KEYS; but not PASSPORT, BYPASS, KEYBOARD or MONKEY.
     */
    private static final Pattern PART = Pattern.compile("(?:^|[_.\\-])(?:PASS|PWD|PW|KEY|KEYS)(?:$|[_.\\-])");

    private SecretNames() {}

    public static boolean isSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return WORD.matcher(upper).find() || PART.matcher(upper).find();
    }
}
