package reflector.setup.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import reflector.setup.core.ExitCode;

/**
 * The one JSON document a command prints on stdout with --output json. Every document starts
 * with the same fields (docs/json-output.md): {@code schemaVersion}, {@code command},
 * {@code result} (ok or failed), {@code exitCode} and {@code error} (null on success); the
 * command's own fields follow.
 */
public final class JsonDocument {
    /** Raised when a field changes meaning or goes away; new fields do not raise it. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonDocument() {}

    public static ObjectNode start(String command, ExitCode exitCode, String error) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("command", command);
        root.put("result", exitCode == ExitCode.OK ? "ok" : "failed");
        root.put("exitCode", exitCode.code());
        root.put("error", error);
        return root;
    }

    /** Sets the outcome fields of a document started before the outcome was known. */
    public static ObjectNode outcome(ObjectNode root, ExitCode exitCode, String error) {
        root.put("result", exitCode == ExitCode.OK ? "ok" : "failed");
        root.put("exitCode", exitCode.code());
        root.put("error", error);
        return root;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public static String render(ObjectNode document) {
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
