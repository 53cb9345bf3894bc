package reflector.setup.steps;

import java.util.List;
import java.util.Objects;

/**
 * One thing a step changed (or would change, in a dry run), for scripts as well as people: what
 * was done ({@code action}, one of a fixed vocabulary listed in docs/json-output.md), to which file and
 * key when it is a file, to which things ({@code items}: container names, a model, the versions
 * moved between) otherwise, and the sentence shown to people. Secret values never appear in it:
 * a secret key is named, its value is not.
 *
 * @param file  the file, relative to the deployment directory; null when not a file
 * @param key   the env-file key; null when not a key
 * @param items what else the action applied to; empty when nothing
 */
public record Change(String action, String file, String key, List<String> items, String text) {

    public Change {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(text, "text");
        items = List.copyOf(items);
    }

    public static Change file(String action, String file, String text) {
        return new Change(action, file, null, List.of(), text);
    }

    public static Change key(String action, String file, String key, String text) {
        return new Change(action, file, key, List.of(), text);
    }

    public static Change of(String action, List<String> items, String text) {
        return new Change(action, null, null, items, text);
    }

    @Override
    public String toString() {
        return text;
    }
}
