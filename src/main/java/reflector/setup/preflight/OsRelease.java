package reflector.setup.preflight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The distribution, from /etc/os-release (os-release(5)): enough to choose Docker's install commands. */
public record OsRelease(
        String id, List<String> idLike, String versionId, String codename, String ubuntuCodename, String prettyName) {

    public static final OsRelease UNKNOWN = new OsRelease("", List.of(), "", "", "", "this system");

    /** /etc/os-release, falling back to /usr/lib/os-release as the spec says; UNKNOWN when neither is readable. */
    public static OsRelease ofThisSystem() {
        for (String file : List.of("/etc/os-release", "/usr/lib/os-release")) {
            try {
                return parse(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException unreadable) {
                // try the next one
            }
        }
        return UNKNOWN;
    }

    public static OsRelease parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (line.isBlank() || line.startsWith("#") || eq < 1) {
                continue;
            }
            values.put(
                    line.substring(0, eq).trim(), unquote(line.substring(eq + 1).trim()));
        }
        String id = values.getOrDefault("ID", "").toLowerCase(Locale.ROOT);
        List<String> like = Arrays.stream(values.getOrDefault("ID_LIKE", "").split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
        String pretty =
                values.getOrDefault("PRETTY_NAME", values.getOrDefault("NAME", id.isEmpty() ? "this system" : id));
        return new OsRelease(
                id,
                like,
                values.getOrDefault("VERSION_ID", ""),
                values.getOrDefault("VERSION_CODENAME", ""),
                values.getOrDefault("UBUNTU_CODENAME", ""),
                pretty);
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return value;
    }

    /** The major version number (13 for "13", 24 for "24.04"), when there is one. */
    public Optional<Integer> majorVersion() {
        Matcher m = Pattern.compile("^(\\d+)").matcher(versionId);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }
}
