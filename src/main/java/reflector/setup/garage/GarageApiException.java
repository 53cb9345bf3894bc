package reflector.setup.garage;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Garage's admin API answered with a non-2xx status; carries Garage's error {@code code} and {@code message}. */
public class GarageApiException extends IOException {
    private static final int MAX_RAW_BODY = 200;

    private final int status;
    private final String code;
    private final String garageMessage;

    public GarageApiException(String request, int status, String code, String garageMessage) {
        super("Garage admin API " + request + " answered " + status + (code == null ? "" : " " + code)
                + (garageMessage == null ? "" : ": " + garageMessage));
        this.status = status;
        this.code = code;
        this.garageMessage = garageMessage;
    }

    /** Reads Garage's {@code {"code","message",...}} body; a body that is not JSON is kept as the message. */
    static GarageApiException fromResponse(String request, int status, String body) {
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json != null && json.isObject()) {
                return new GarageApiException(request, status, Json.text(json, "code"), Json.text(json, "message"));
            }
        } catch (IOException notJson) {
            // fall through: keep the raw text
        }
        String raw = body == null || body.isBlank() ? null : body.strip();
        if (raw != null && raw.length() > MAX_RAW_BODY) {
            raw = raw.substring(0, MAX_RAW_BODY) + "...";
        }
        return new GarageApiException(request, status, null, raw);
    }

    public int status() {
        return status;
    }

    /** Garage's error code, e.g. {@code NoSuchBucket}; null when the body was not Garage's JSON. */
    public String code() {
        return code;
    }

    public String garageMessage() {
        return garageMessage;
    }
}
