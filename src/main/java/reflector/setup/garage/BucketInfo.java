package reflector.setup.garage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The parts of Garage's BucketInfo the installer uses: the id (needed by /v1/bucket/allow) and key grants. */
public record BucketInfo(String id, List<String> globalAliases, List<KeyGrant> keys) {

    public record KeyGrant(String accessKeyId, boolean read, boolean write, boolean owner) {}

    public boolean grantsReadWrite(String accessKeyId) {
        return keys.stream().anyMatch(k -> k.accessKeyId().equals(accessKeyId) && k.read() && k.write());
    }

    static BucketInfo from(JsonNode json) {
        List<KeyGrant> keys = Json.objects(json, "keys").stream()
                .map(key -> new KeyGrant(
                        Json.text(key, "accessKeyId"),
                        key.path("permissions").path("read").asBoolean(false),
                        key.path("permissions").path("write").asBoolean(false),
                        key.path("permissions").path("owner").asBoolean(false)))
                .toList();
        return new BucketInfo(Json.text(json, "id"), Json.texts(json, "globalAliases"), keys);
    }
}
