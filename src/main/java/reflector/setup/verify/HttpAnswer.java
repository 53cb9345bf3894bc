package reflector.setup.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;

/** An HTTP answer that a check judges: its status and body. */
public record HttpAnswer(int status, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body as JSON; a missing node when it is empty or not JSON, so that paths into it read as absent. */
    public JsonNode json() {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }
}
