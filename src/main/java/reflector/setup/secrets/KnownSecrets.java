package reflector.setup.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.core.InstallerException;
import reflector.setup.core.IoErrors;
import reflector.setup.envfile.EnvFile;
import reflector.setup.envfile.EnvFileException;

/** The secrets a deployment directory holds, so that logs and diagnostics can mask them. */
public final class KnownSecrets {
    /**
     * For a file neither reader accepts (it stops the install, but logs and diagnose must still
     * mask it): anything that looks like an assignment, with or without its quotes.
     */
    private static final Pattern LOOSE_ASSIGNMENT =
            Pattern.compile("(?m)^[ \\t]*+(?:export[ \\t]++)?['\"]?([^=:#\\s'\"]++)['\"]?[ \\t]*+[=:][ \\t]*+(.*)$");

    private static final Pattern TOML_SECRET =
            Pattern.compile("(?m)^\\s*(rpc_secret|admin_token|metrics_token)\\s*=\\s*\"([^\"]*)\"");
    /**
     * A Caddyfile's credentials, as users add them by hand: the password hash of a basic_auth
     * account (a user name and a bcrypt hash on one line), and the value of a header such as
     * Authorization or X-Api-Key.
     */
    private static final Pattern CADDY_HASH = Pattern.compile("(?m)^\\s*\\S+\\s+(\\$2[aby]?\\$\\S+)\\s*$");

    private static final Pattern CADDY_HEADER = Pattern.compile(
            "(?m)^\\s*(?:header_up|header_down|request_header|header)\\s+[+-]?([A-Za-z0-9_-]+)\\s+(\"[^\"\\n]*\"|\\S+)");

    private static final int MAX_READ = 4 << 20;
    private static final Pattern URL_CREDENTIALS = Pattern.compile(
            "(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*+://(?:([^/\\s:@'\"]*+):([^/\\s@'\"]++)|((?<=(?i:https?)://)[^/\\s:@'\"]++))@");
    private static final Set<String> PUBLIC_CREDENTIALS = Set.of("reflector");

    private KnownSecrets() {}

    public static SecretMasker in(Path dir) {
        List<String> secrets = new ArrayList<>();
        for (String file : List.of(DeploymentFiles.SERVER_ENV, DeploymentFiles.WWW_ENV, DeploymentFiles.ROOT_ENV)) {
            read(dir.resolve(file)).ifPresent(text -> secrets.addAll(inEnvText(text)));
        }
        read(dir.resolve(DeploymentFiles.CADDYFILE)).ifPresent(text -> secrets.addAll(inCaddyfile(text)));
        read(dir.resolve(DeploymentFiles.GARAGE_CONFIG)).ifPresent(text -> {
            Matcher matcher = TOML_SECRET.matcher(text);
            while (matcher.find()) {
                secrets.add(matcher.group(2));
            }
        });
        return SecretMasker.empty().with(secrets);
    }

    /**
     * The password of {@code scheme://user:password@} and the token of {@code https://token@} in
     * any value (DATABASE_URL, SENTRY_DSN), so that they are masked wherever they appear, not only
     * inside their URL. The bundled database's password is public (it is in the compose file) and
     * would mask the word "reflector" everywhere, so it is left out.
     */
    static List<String> urlCredentials(String value) {
        List<String> found = new ArrayList<>();
        Matcher m = URL_CREDENTIALS.matcher(value);
        while (m.find()) {
            String credential = m.group(2) != null ? m.group(2) : m.group(3);
            if (credential != null && !PUBLIC_CREDENTIALS.contains(credential)) {
                found.add(credential);
            }
        }
        return found;
    }

    /** Credentials a user wrote into a Caddyfile (see {@link #CADDY_HASH} and {@link #CADDY_HEADER}). */
    public static List<String> inCaddyfile(String text) {
        List<String> secrets = new ArrayList<>();
        if (text == null) {
            return secrets;
        }
        Matcher hash = CADDY_HASH.matcher(text);
        while (hash.find()) {
            secrets.add(hash.group(1));
        }
        Matcher header = CADDY_HEADER.matcher(text);
        while (header.find()) {
            String name = header.group(1);
            if (name.equalsIgnoreCase("Authorization")
                    || name.equalsIgnoreCase("Proxy-Authorization")
                    || name.equalsIgnoreCase("Cookie")
                    || SecretNames.isSecret(name)) {
                String value = header.group(2);
                secrets.add(value);
                if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                    String inner = value.substring(1, value.length() - 1);
                    secrets.add(inner);
                    int space = inner.indexOf(' ');
                    if (space > 0) {
                        secrets.add(inner.substring(space + 1));
                    }
                }
            }
        }
        return secrets;
    }

    /**
     * The values of keys with secret-looking names ({@link SecretNames}) in env-file text, every
     * assignment of them, as the readers see them and as written.
     */
    public static List<String> inEnvText(String text) {
        List<String> secrets = new ArrayList<>();
        if (text == null) {
            return secrets;
        }
        try {
            for (EnvFile.Assignment assignment : EnvFile.parse(text).assignments()) {
                if (SecretNames.isSecret(assignment.key())) {
                    secrets.add(assignment.value());
                }
                secrets.addAll(urlCredentials(assignment.value()));
            }
        } catch (EnvFileException unreadable) {
            // Masked as well as can be; the install itself refuses such a file.
        }
        Matcher loose = LOOSE_ASSIGNMENT.matcher(text);
        while (loose.find()) {
            if (SecretNames.isSecret(loose.group(1))) {
                String value = loose.group(2).strip();
                secrets.add(value);
                if (value.length() >= 2 && (value.charAt(0) == '\'' || value.charAt(0) == '"')) {
                    secrets.add(value.substring(
                            1, value.endsWith(value.substring(0, 1)) ? value.length() - 1 : value.length()));
                }
            }
        }
        return secrets;
    }

    /**
     * A secret file that exists but cannot be read would leave its secrets unmasked: that stops the
     * run. Bytes that are not UTF-8 are read as replacement characters (such a file is refused by
     * the install, but logs and diagnose still mask what they can); a huge file is read in part.
     */
    private static Optional<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(new String(in.readNBytes(MAX_READ), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw InstallerException.environment("cannot read " + file + " (" + IoErrors.describe(e)
                    + "), so its secrets could not be masked; run as the user who owns it");
        }
    }
}
