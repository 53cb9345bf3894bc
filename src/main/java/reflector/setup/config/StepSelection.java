package reflector.setup.config;

import java.util.Set;

/** Which steps run, from --only and --skip (like kubeadm phases); the step runner checks the names. */
public record StepSelection(Set<String> only, Set<String> skip) {

    public static StepSelection all() {
        return new StepSelection(Set.of(), Set.of());
    }

    public boolean runs(String step) {
        return (only.isEmpty() || only.contains(step)) && !skip.contains(step);
    }

    public boolean isPartial() {
        return !only.isEmpty() || !skip.isEmpty();
    }
}
