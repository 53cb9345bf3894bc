package reflector.setup.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The Compose profiles that make a set of services (for commands that act on what runs, such as down). */
final class ProfilesOf {
    private static final Map<String, String> PROFILE = Map.of("gpu", "gpu", "cpu", "cpu", "ollama", "ollama-gpu",
            "ollama-cpu", "ollama-cpu", "garage", "garage", "caddy", "caddy");
    private static final List<String> ORDER = List.of("gpu", "cpu", "ollama-gpu", "ollama-cpu", "garage", "caddy");

    private ProfilesOf() {
    }

    static List<String> services(Collection<String> services) {
        List<String> profiles = new ArrayList<>();
        for (String profile : ORDER) {
            if (services.stream().anyMatch(service -> profile.equals(PROFILE.get(service)))) {
                profiles.add(profile);
            }
        }
        return profiles;
    }
}
