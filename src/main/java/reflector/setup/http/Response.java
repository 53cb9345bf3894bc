package reflector.setup.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A whole answer: an error status is an answer too, with the body the server sent for it. */
public final class Response {
    private final int status;
    private final Headers headers;
    private final byte[] body;

    Response(int status, Headers headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** The first value of a header, its name in any case. */
    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /** Every header, names in lower case. */
    public Map<String, List<String>> headers() {
        return headers.all();
    }

    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text; empty when there was none. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + body.length + " bytes]";
    }
}
