package reflector.setup.steps;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reflector.setup.secrets.SecretGenerator;

/** data/garage.toml: rendered once from the template; an admin token added to an old one that lacks it. */
final class GarageConfig {
    private static final Pattern ADMIN_SECTION = Pattern.compile("(?m)^\\s*\\[admin\\]\\s*$");
    private static final Pattern ANY_SECTION = Pattern.compile("(?m)^\\s*\\[[^\\]]+\\]\\s*$");

    private GarageConfig() {}

    static String render(String template, SecureRandom random) {
        return template.replace("@RPC_SECRET@", SecretGenerator.hex32(random))
                .replace("@ADMIN_TOKEN@", SecretGenerator.base64_32(random))
                .replace("@METRICS_TOKEN@", SecretGenerator.base64_32(random));
    }

    /** The admin token from the [admin] section, if there is one. */
    static Optional<String> adminToken(String toml) {
        return valueInSection(toml, "admin_token");
    }

    /** The secret values in the file, for masking. */
    static List<String> secrets(String toml) {
        return List.of(
                        value(toml, "rpc_secret"),
                        valueInSection(toml, "admin_token"),
                        valueInSection(toml, "metrics_token"))
                .stream()
                .flatMap(Optional::stream)
                .toList();
    }

    /** Adds admin_token (and the admin API's address when missing) to a config that lacks them. */
    static String withAdminToken(String toml, String token) {
        String line = "admin_token = \"" + token + "\"\n";
        Matcher admin = ADMIN_SECTION.matcher(toml);
        if (!admin.find()) {
            String separator = toml.endsWith("\n") || toml.isEmpty() ? "" : "\n";
            return toml + separator + "\n[admin]\napi_bind_addr = \"[::]:3903\"\n" + line;
        }
        int insertAt = toml.indexOf('\n', admin.end());
        insertAt = insertAt < 0 ? toml.length() : insertAt + 1;
        String head = toml.substring(0, insertAt);
        String tail = toml.substring(insertAt);
        String addition = (head.endsWith("\n") ? "" : "\n") + line;
        if (valueInSection(toml, "api_bind_addr").isEmpty()) {
            addition += "api_bind_addr = \"[::]:3903\"\n";
        }
        return head + addition + tail;
    }

    private static Optional<String> valueInSection(String toml, String key) {
        Matcher admin = ADMIN_SECTION.matcher(toml);
        if (!admin.find()) {
            return Optional.empty();
        }
        String rest = toml.substring(admin.end());
        Matcher next = ANY_SECTION.matcher(rest);
        String section = next.find() ? rest.substring(0, next.start()) : rest;
        return value(section, key);
    }

    private static Optional<String> value(String text, String key) {
        Matcher matcher = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*=\\s*\"([^\"]*)\"")
                .matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
