package reflector.setup.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An answer whose body is read as it arrives (a progress stream). Close it: a body left unread
 * would hold its connection open.
 */
public final class StreamedResponse implements AutoCloseable {
    private final int status;
    private final Headers headers;
    private final InputStream body;

    StreamedResponse(int status, Headers headers, InputStream body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /** Every header, names in lower case. */
    public Map<String, List<String>> headers() {
        return headers.all();
    }

    /** The body, read as it arrives; empty when the server sent none. */
    public InputStream body() {
        return body;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
