package reflector.setup.garage;

import com.fasterxml.jackson.databind.JsonNode;

/** A Garage access key; {@code secretAccessKey} is null when Garage did not reveal it. */
public record KeyInfo(String name, String accessKeyId, String secretAccessKey) {

    static KeyInfo from(JsonNode json) {
        return new KeyInfo(Json.text(json, "name"), Json.text(json, "accessKeyId"), Json.text(json, "secretAccessKey"));
    }

    @Override
    public String toString() {
        return "KeyInfo[name=" + name + ", accessKeyId=" + accessKeyId + ", secretAccessKey="
                + (secretAccessKey == null ? "absent" : "****") + "]";
    }
}
