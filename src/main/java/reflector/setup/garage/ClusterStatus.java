package reflector.setup.garage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** GET /v1/status: the answering node's id, the applied layout version and the known nodes. */
public record ClusterStatus(String nodeId, int layoutVersion, List<Node> nodes) {

    /** {@code role} is null while the node has no role in the applied layout. */
    public record Node(String id, NodeRole role) {}

    public boolean thisNodeHasRole() {
        return nodes.stream().anyMatch(node -> node.id().equals(nodeId) && node.role() != null);
    }

    static ClusterStatus from(JsonNode json) {
        List<Node> nodes = Json.objects(json, "nodes").stream()
                .map(node -> new Node(
                        Json.text(node, "id"), node.path("role").isObject() ? NodeRole.from(node.get("role")) : null))
                .toList();
        return new ClusterStatus(
                Json.text(json, "node"), json.path("layoutVersion").asInt(), nodes);
    }
}
