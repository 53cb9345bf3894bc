package reflector.setup.garage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Small readers for Garage's JSON; absent or null fields are tolerated because Garage omits some. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Long longOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isNumber() ? null : value.asLong();
    }

    static List<String> texts(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        node.path(field).forEach(item -> out.add(item.asText()));
        return List.copyOf(out);
    }

    static List<JsonNode> objects(JsonNode node, String field) {
        List<JsonNode> out = new ArrayList<>();
        node.path(field).forEach(out::add);
        return out;
    }
}
