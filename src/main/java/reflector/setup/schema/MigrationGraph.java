package reflector.setup.schema;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Alembic's revision graph: every revision with the revisions it revises (its down revisions;
 * none for the first, two or more for a merge). A head is a revision nothing revises;
 * `alembic upgrade head` works only while there is exactly one.
 */
public final class MigrationGraph {
    public static final MigrationGraph EMPTY = new MigrationGraph(Map.of());

    private final Map<String, List<String>> downRevisions;

    public MigrationGraph(Map<String, List<String>> downRevisions) {
        TreeMap<String, List<String>> copy = new TreeMap<>();
        downRevisions.forEach((revision, down) -> copy.put(revision, List.copyOf(down)));
        this.downRevisions = Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() {
        return downRevisions.isEmpty();
    }

    public int size() {
        return downRevisions.size();
    }

    public boolean knows(String revision) {
        return downRevisions.containsKey(revision);
    }

    public Map<String, List<String>> downRevisions() {
        return downRevisions;
    }

    /** The revisions that no revision revises, sorted. */
    public List<String> heads() {
        Set<String> revised = new TreeSet<>();
        downRevisions.values().forEach(revised::addAll);
        return downRevisions.keySet().stream()
                .filter(revision -> !revised.contains(revision))
                .toList();
    }

    /** The revision and every revision it descends from (those this graph knows). */
    public Set<String> lineage(String revision) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(revision));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                downRevisions.getOrDefault(next, List.of()).forEach(todo::push);
            }
        }
        return seen;
    }

    /** The graph of {@code head} and its ancestors: what a version whose head it is knows. */
    public MigrationGraph upTo(String head) {
        Map<String, List<String>> sub = new TreeMap<>();
        for (String revision : lineage(head)) {
            if (knows(revision)) {
                sub.put(revision, downRevisions.get(revision));
            }
        }
        return new MigrationGraph(sub);
    }

    /** How many revisions lie after {@code revision} on the way to {@code head} (0 when it is the head). */
    public int stepsBetween(String revision, String head) {
        Set<String> toHead = lineage(head);
        toHead.removeAll(lineage(revision));
        return toHead.size();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MigrationGraph graph && graph.downRevisions.equals(downRevisions);
    }

    @Override
    public int hashCode() {
        return downRevisions.hashCode();
    }

    @Override
    public String toString() {
        return "MigrationGraph" + downRevisions;
    }
}
