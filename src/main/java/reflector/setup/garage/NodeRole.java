package reflector.setup.garage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A node's role in a cluster layout; {@code capacityBytes} is null for a gateway node. */
public record NodeRole(String nodeId, String zone, Long capacityBytes, List<String> tags) {

    static NodeRole from(JsonNode json) {
        return new NodeRole(
                Json.text(json, "id"),
                Json.text(json, "zone"),
                Json.longOrNull(json, "capacity"),
                Json.texts(json, "tags"));
    }
}
