package reflector.setup.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reflector.setup.core.InstallerException;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.envfile.EnvFile;

/** The secrets a deployment directory holds, so that logs and diagnostics can mask them. */
public final class KnownSecrets {
    private static final List<String> SECRET_WORDS = List.of("SECRET", "PASSWORD", "TOKEN", "HASH", "API_KEY", "ACCESS_KEY");
    /** Values the installer writes into secret-named keys that are not secret, and would mask ordinary words. */
    private static final java.util.Set<String> PUBLIC_VALUES = java.util.Set.of("selfhosted", "not-needed", "changeme");
    private static final Pattern TOML_SECRET = Pattern.compile("(?m)^\\s*(rpc_secret|admin_token|metrics_token)\\s*=\\s*\"([^\"]*)\"");

    private KnownSecrets() {
    }

    public static SecretMasker in(Path dir) {
        List<String> secrets = new ArrayList<>();
        for (String file : List.of(DeploymentFiles.SERVER_ENV, DeploymentFiles.WWW_ENV, DeploymentFiles.ROOT_ENV)) {
            read(dir.resolve(file)).ifPresent(text -> secrets.addAll(inEnvText(text)));
        }
        read(dir.resolve(DeploymentFiles.GARAGE_CONFIG)).ifPresent(text -> {
            Matcher matcher = TOML_SECRET.matcher(text);
            while (matcher.find()) {
                secrets.add(matcher.group(2));
            }
        });
        return SecretMasker.empty().with(secrets);
    }

    /** The values of keys with secret-looking names (…SECRET…, …TOKEN…, …PASSWORD…) in env-file text. */
    public static List<String> inEnvText(String text) {
        List<String> secrets = new ArrayList<>();
        if (text == null) {
            return secrets;
        }
        EnvFile env = EnvFile.parse(text);
        for (String key : env.keys()) {
            if (isSecretName(key)) {
                try {
                    env.get(key).filter(value -> !PUBLIC_VALUES.contains(value)).ifPresent(secrets::add);
                } catch (IllegalArgumentException unusualKey) {
                    // a key the reader refuses holds nothing we wrote
                }
            }
        }
        return secrets;
    }

    static boolean isSecretName(String key) {
        String upper = key.toUpperCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(upper::contains);
    }

    /** A secret file that exists but cannot be read would leave its secrets unmasked: that stops the run. */
    private static java.util.Optional<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.charset.MalformedInputException notText) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw InstallerException.environment("cannot read " + file + " (" + e.getClass().getSimpleName()
                    + "), so its secrets could not be masked; run as the user who owns it");
        }
    }
}
