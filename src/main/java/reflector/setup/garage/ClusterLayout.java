package reflector.setup.garage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** GET /v1/layout: the applied version, its roles, and changes staged for the next version. */
public record ClusterLayout(int version, List<NodeRole> roles, List<StagedChange> stagedRoleChanges) {

    /** A staged change: either a removal ({@code role} null) or a new role for {@code nodeId}. */
    public record StagedChange(String nodeId, boolean remove, NodeRole role) {}

    static ClusterLayout from(JsonNode json) {
        List<NodeRole> roles =
                Json.objects(json, "roles").stream().map(NodeRole::from).toList();
        List<StagedChange> staged = Json.objects(json, "stagedRoleChanges").stream()
                .map(change -> change.path("remove").asBoolean(false)
                        ? new StagedChange(Json.text(change, "id"), true, null)
                        : new StagedChange(Json.text(change, "id"), false, NodeRole.from(change)))
                .toList();
        return new ClusterLayout(json.path("version").asInt(), roles, staged);
    }
}
