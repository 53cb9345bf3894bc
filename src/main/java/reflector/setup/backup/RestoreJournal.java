package reflector.setup.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restore has changed so far, part by part (the containers, the files, the database, each
 * volume), and what it is doing: so that a failure can say whether anything was changed at all,
 * what failed, and, when even the roll-back fails, exactly what state each part is in.
 */
public final class RestoreJournal {
    private final Map<String, String> parts = new LinkedHashMap<>();
    private final List<String> leftoverVolumes = new ArrayList<>();
    private String containers;
    private String source = "the backup";
    private String doing = "starting";

    /** From here on, the parts are replaced from this archive (named as the messages name it). */
    public synchronized void source(String archive) {
        this.source = archive;
    }

    /** What the restore does now, as "the restore failed while ..." says it. */
    public synchronized void doing(String what) {
        this.doing = what;
    }

    public synchronized String doing() {
        return doing;
    }

    /** Whether anything of the deployment was changed yet (a failure before is one that changed nothing). */
    public synchronized boolean changedAnything() {
        return containers != null || !parts.isEmpty();
    }

    /** The deployment's containers are now as {@code state} says (e.g. "stopped"). */
    synchronized void containers(String state) {
        containers = state;
    }

    /** What the restore last did to the containers; null when it did nothing to them. */
    public synchronized String containers() {
        return containers;
    }

    /** A part is being replaced: until {@link #replaced}, it is neither the old one nor the new one. */
    synchronized void replacing(String part) {
        parts.put(part, "partly replaced from " + source + " (the step stopped in the middle)");
    }

    synchronized void replaced(String part) {
        parts.put(part, "from " + source);
    }

    /** A temporary volume the restore could not remove. */
    synchronized void leftover(String volume) {
        leftoverVolumes.add(volume);
    }

    public synchronized List<String> leftoverVolumes() {
        return List.copyOf(leftoverVolumes);
    }

    /**
     * Each part of the data changed so far (files, database, volumes) and where its content is from, the parts in the same state on one
     * line ("files, database: from the safety copy ..."); the parts not named are as they were.
     */
    public synchronized List<String> describe() {
        Map<String, List<String>> byState = new LinkedHashMap<>();
        parts.forEach((part, state) ->
                byState.computeIfAbsent(state, any -> new ArrayList<>()).add(part));
        List<String> lines = new ArrayList<>();
        byState.forEach((state, named) -> lines.add(String.join(", ", named) + ": " + state));
        return lines;
    }
}
