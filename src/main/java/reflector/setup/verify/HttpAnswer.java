package reflector.setup.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;

/** An HTTP answer that a check judges: its status and body. */
public record HttpAnswer(int status, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request of a check. */
    @FunctionalInterface
    interface Request {
        HttpAnswer send() throws IOException, InterruptedException;
    }

    /**
     * The answer to {@code request}; when none comes, the check fails: "{@code who} did not answer
     * {@code what}", as a failure of {@code service} (null: of the service the check asks).
     */
    static HttpAnswer of(Request request, String service, String who, String what)
            throws CheckFailed, InterruptedException {
        try {
            return request.send();
        } catch (IOException e) {
            throw CheckFailed.at(service, who + " did not answer " + what + ": " + CheckFailed.reason(e), e);
        }
    }

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
