package reflector.setup.ollama;

import java.util.Locale;
import reflector.setup.validation.Validators;

/**
 * Ollama model names, {@code [host/][namespace/]model[:tag]}, checked and shortened the way Ollama does it
 * (ollama types/model/name.go: ParseName, IsValid, DisplayShortest, EqualFold).
 */
public final class ModelName {
    private static final String DEFAULT_HOST = "registry.ollama.ai";
    private static final String DEFAULT_NAMESPACE = "library";
    private static final String DEFAULT_TAG = "latest";
    // Ollama marks a part that a separator promised but that is empty; it can never be valid.
    private static final String MISSING = "!MISSING!";

    private record Parts(String host, String namespace, String model, String tag) {}

    private ModelName() {}

    public static boolean isValid(String name) {
        if (name == null) {
            return false;
        }
        try {
            Validators.ollamaModel(name);
            return true;
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    /**
     * The name as {@code ollama list} and GET /api/tags show it: default host and namespace left out, tag always
     * present ({@code mistral} becomes {@code mistral:latest}). Case is kept.
     *
     * @throws IllegalArgumentException for a name Ollama would reject
     */
    public static String normalize(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("not a valid Ollama model name: '" + name + "'");
        }
        Parts p = parse(name);
        StringBuilder out = new StringBuilder();
        if (!p.host().equalsIgnoreCase(DEFAULT_HOST)) {
            out.append(p.host()).append('/').append(p.namespace()).append('/');
        } else if (!p.namespace().equalsIgnoreCase(DEFAULT_NAMESPACE)) {
            out.append(p.namespace()).append('/');
        }
        return out.append(p.model()).append(':').append(p.tag()).toString();
    }

    /** Whether two names denote the same model; Ollama compares names ignoring case. */
    public static boolean sameModel(String a, String b) {
        if (!isValid(a) || !isValid(b)) {
            return a != null && a.equals(b);
        }
        return normalize(a).toLowerCase(Locale.ROOT).equals(normalize(b).toLowerCase(Locale.ROOT));
    }

    private static Parts parse(String name) {
        String rest = name;
        String tag = DEFAULT_TAG;
        // The tag follows the last ':' only when that ':' comes after the last '/'; an earlier ':' is a host port.
        if (rest.lastIndexOf(':') > rest.lastIndexOf('/')) {
            int colon = rest.lastIndexOf(':');
            tag = promised(rest.substring(colon + 1));
            rest = promised(rest.substring(0, colon));
        }
        int slash = rest.lastIndexOf('/');
        if (slash < 0) {
            return new Parts(DEFAULT_HOST, DEFAULT_NAMESPACE, rest, tag);
        }
        String model = promised(rest.substring(slash + 1));
        rest = promised(rest.substring(0, slash));
        slash = rest.lastIndexOf('/');
        if (slash < 0) {
            return new Parts(DEFAULT_HOST, rest, model, tag);
        }
        String namespace = promised(rest.substring(slash + 1));
        return new Parts(promised(rest.substring(0, slash)), namespace, model, tag);
    }

    private static String promised(String part) {
        return part.isEmpty() ? MISSING : part;
    }
}
