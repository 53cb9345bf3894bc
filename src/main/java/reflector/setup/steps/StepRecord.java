package reflector.setup.steps;

import java.util.ArrayList;
import java.util.List;

/** What one step did: ran (with its changes), was skipped, or failed. */
public final class StepRecord {
    public enum Outcome {
        RAN,
        SKIPPED,
        FAILED
    }

    private final String name;
    private Outcome outcome = Outcome.RAN;
    private String skipReason;
    private final List<Change> changes = new ArrayList<>();
    private final List<String> plannedActions = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean groundwork;

    public StepRecord(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Whether the step is groundwork every run needs, not one of the steps --only and --skip name. */
    public boolean isGroundwork() {
        return groundwork;
    }

    void groundwork() {
        groundwork = true;
    }

    public Outcome outcome() {
        return outcome;
    }

    public String skipReason() {
        return skipReason;
    }

    /** The changes as sentences for people. */
    public List<String> changes() {
        return changes.stream().map(Change::text).toList();
    }

    /** The changes as structured entries, for --output json. */
    public List<Change> structuredChanges() {
        return List.copyOf(changes);
    }

    /** In a dry run: the Docker actions the step would take (their effect cannot be known beforehand). */
    public List<String> plannedActions() {
        return List.copyOf(plannedActions);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    void skipped(String reason) {
        outcome = Outcome.SKIPPED;
        skipReason = reason;
    }

    void failed() {
        outcome = Outcome.FAILED;
    }

    void addChange(Change change) {
        changes.add(change);
    }

    void addPlannedAction(String action) {
        plannedActions.add(action);
    }

    void addNote(String note) {
        notes.add(note);
    }
}
