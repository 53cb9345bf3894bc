package reflector.setup.steps;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import reflector.setup.config.ComponentSwitch;
import reflector.setup.config.PublicDataRetention;
import reflector.setup.text.ShellWords;

/** The record of a run: each step's changes, and what only a step knows, for the final summary. */
public final class RunReport {
    private final List<StepRecord> steps = new ArrayList<>();
    private final Map<String, String> serviceHealth = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private Optional<String> authBackend = Optional.empty();
    private Optional<String> llmEndpoint = Optional.empty();
    private Optional<String> storageLocation = Optional.empty();
    private Optional<String> storageMove = Optional.empty();
    private boolean caddyfileYours;
    private Optional<Certificate> certificate = Optional.empty();
    private Optional<PublicDataRetention> publicRetention = Optional.empty();
    private final Map<String, String> preflightFailures = new LinkedHashMap<>();
    private boolean caddyConfigChanged;
    private Instant caddyRestarted;

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

    private final Set<String> unanswered = new ConcurrentSkipListSet<>();

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
        return Collections.unmodifiableMap(serviceHealth);
    }

    /**
     * The certificate Caddy serves for the domain.
     *
     * @param description as the summary says it: issuer, expiry and the time left
     * @param trusted     whether its chain leads to a root this host trusts
     */
    public record Certificate(String description, String issuer, Instant notAfter, String serial, boolean trusted) {}

    /** AUTH_BACKEND as server/.env has it after this run; empty when server-env did not run. */
    public void authBackend(String value) {
        authBackend = Optional.of(value);
    }

    public Optional<String> authBackend() {
        return authBackend;
    }

    /** The LLM endpoint LLM_URL names (scheme, host, port), "" when none is set; empty when server-env did not run. */
    public void llmEndpoint(String value) {
        llmEndpoint = Optional.of(value);
    }

    public Optional<String> llmEndpoint() {
        return llmEndpoint;
    }

    /** Where the backend's objects are, as the storage step planned it. */
    public void storageLocation(String description) {
        storageLocation = Optional.of(description);
    }

    public Optional<String> storageLocation() {
        return storageLocation;
    }

    /** What this run did with a move of the storage (the summary's "Moved" line). */
    public void storageMove(String description) {
        storageMove = Optional.of(description);
    }

    public Optional<String> storageMove() {
        return storageMove;
    }

    /** A hand-edited Caddyfile was kept, so the summary claims no site or certificate. */
    public void caddyfileYours() {
        caddyfileYours = true;
    }

    public boolean isCaddyfileYours() {
        return caddyfileYours;
    }

    public void certificate(Certificate served) {
        certificate = Optional.of(served);
    }

    public Optional<Certificate> certificate() {
        return certificate;
    }

    /** A public instance's retention; empty when the run did not end public, or did not look (server-env left out). */
    public void publicRetention(PublicDataRetention retention) {
        publicRetention = Optional.of(retention);
    }

    public Optional<PublicDataRetention> publicRetention() {
        return publicRetention;
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
    public void caddyRestarted(Instant at) {
        caddyRestarted = at;
    }

    public Optional<Instant> caddyRestarted() {
        return Optional.ofNullable(caddyRestarted);
    }

    /** A preflight check that would fail (recorded in dry runs, which only warn): its name, then why. */
    public void preflightFailure(String check, String message) {
        preflightFailures.put(check, message);
    }

    public Map<String, String> preflightFailures() {
        return Collections.unmodifiableMap(preflightFailures);
    }

    private final List<ComponentSwitch> switches = new ArrayList<>();
    private final List<String> removedContainers = new ArrayList<>();
    private final List<String> keptVolumes = new ArrayList<>();

    /** A component this run switches on, off or to another kind (the switches step finds them). */
    public void switched(ComponentSwitch change) {
        switches.add(change);
    }

    public List<ComponentSwitch> switches() {
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
    public Optional<String> keptVolumesCommand() {
        if (keptVolumes.isEmpty()) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>(List.of("docker", "volume", "rm"));
        words.addAll(keptVolumes);
        return Optional.of(ShellWords.join(words));
    }

    public void warning(String warning) {
        warnings.add(warning);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
