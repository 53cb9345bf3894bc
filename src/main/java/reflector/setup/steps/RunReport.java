package reflector.setup.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The record of a run: each step's changes, and facts for the final summary. */
public final class RunReport {
    private final List<StepRecord> steps = new ArrayList<>();
    private final Map<String, String> serviceHealth = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final Map<String, String> preflightFailures = new LinkedHashMap<>();
    private boolean caddyConfigChanged;
    private java.time.Instant caddyRestarted;

    StepRecord start(String name) {
        StepRecord record = new StepRecord(name);
        steps.add(record);
        return record;
    }

    public List<StepRecord> steps() {
        return List.copyOf(steps);
    }

    public boolean changedAnything() {
        return steps.stream().anyMatch(step -> !step.changes().isEmpty());
    }

    private final java.util.Set<String> unanswered = new java.util.concurrent.ConcurrentSkipListSet<>();

    /** A service whose wait ran out without failing the run (as in the original: a warning). */
    public void unanswered(String service) {
        unanswered.add(service);
    }

    public boolean answered(String service) {
        return !unanswered.contains(service);
    }

    public void serviceHealth(String service, String state) {
        serviceHealth.put(service, state);
    }

    public Map<String, String> serviceHealth() {
        return java.util.Collections.unmodifiableMap(serviceHealth);
    }

    /** A fact for the summary that only a step knows, such as the authentication mode in force. */
    public void fact(String name, String value) {
        facts.put(name, value);
    }

    public java.util.Optional<String> fact(String name) {
        return java.util.Optional.ofNullable(facts.get(name));
    }

    /**
     * The Caddyfile or a file it names changed in this run. Caddy reads them only at start and
     * Compose does not recreate a container for a bind-mounted file's content, so a running
     * Caddy must be restarted to see them.
     */
    public void caddyConfigChanged() {
        caddyConfigChanged = true;
    }

    public boolean isCaddyConfigChanged() {
        return caddyConfigChanged;
    }

    /** When this run restarted Caddy: what it logged before is about the configuration it had then. */
    public void caddyRestarted(java.time.Instant at) {
        caddyRestarted = at;
    }

    public java.util.Optional<java.time.Instant> caddyRestarted() {
        return java.util.Optional.ofNullable(caddyRestarted);
    }

    /** A preflight check that would fail (recorded in dry runs, which only warn): its name, then why. */
    public void preflightFailure(String check, String message) {
        preflightFailures.put(check, message);
    }

    public Map<String, String> preflightFailures() {
        return java.util.Collections.unmodifiableMap(preflightFailures);
    }

    private final List<reflector.setup.config.ComponentSwitch> switches = new ArrayList<>();
    private final List<String> removedContainers = new ArrayList<>();
    private final List<String> keptVolumes = new ArrayList<>();

    /** A component this run switches on, off or to another kind (the switches step finds them). */
    public void switched(reflector.setup.config.ComponentSwitch change) {
        switches.add(change);
    }

    public List<reflector.setup.config.ComponentSwitch> switches() {
        return List.copyOf(switches);
    }

    /** Containers of switched-off services that the services step stopped and removed. */
    public void removedContainers(List<String> names) {
        removedContainers.addAll(names);
    }

    public List<String> removedContainers() {
        return List.copyOf(removedContainers);
    }

    /**
     * Volumes that no service of the deployment mounts any more, kept (in a dry run: that would be
     * kept), by their full names; {@link #keptVolumesCommand} deletes them.
     */
    public void keptVolumes(List<String> names) {
        names.stream().filter(name -> !keptVolumes.contains(name)).forEach(keptVolumes::add);
    }

    public List<String> keptVolumes() {
        return List.copyOf(keptVolumes);
    }

    /** The command that deletes the kept volumes; empty when none was kept. */
    public java.util.Optional<String> keptVolumesCommand() {
        if (keptVolumes.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> words = new ArrayList<>(List.of("docker", "volume", "rm"));
        words.addAll(keptVolumes);
        return java.util.Optional.of(reflector.setup.text.ShellWords.join(words));
    }

    public void warning(String warning) {
        warnings.add(warning);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
