package reflector.setup.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which steps run, from --only and --skip (like kubeadm phases). */
public record StepSelection(Set<String> only, Set<String> skip) {

    public static final List<String> STEP_NAMES = List.of(
            "prerequisites", "secrets", "server-env", "www-env", "storage", "caddyfile", "services", "health",
            "verify");

    public static StepSelection all() {
        return new StepSelection(Set.of(), Set.of());
    }

    /** Checks the names; an unknown one is the user's mistake, reported with the valid names. */
    public static StepSelection of(List<String> only, List<String> skip) {
        return new StepSelection(checked("--only", only), checked("--skip", skip));
    }

    private static Set<String> checked(String option, List<String> names) {
        Set<String> result = new LinkedHashSet<>();
        for (String name : names) {
            String trimmed = name.trim();
            if (!STEP_NAMES.contains(trimmed)) {
                throw new IllegalArgumentException(option + ": unknown step " + reflector.setup.text.SafeText.quote(trimmed)
                        + "; steps are "
                        + String.join(", ", STEP_NAMES));
            }
            result.add(trimmed);
        }
        return Set.copyOf(result);
    }

    public boolean runs(String step) {
        return (only.isEmpty() || only.contains(step)) && !skip.contains(step);
    }

    public boolean isPartial() {
        return !only.isEmpty() || !skip.isEmpty();
    }
}
