package reflector.setup.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns docker-java's failures into the installer's: a connection problem becomes
 * {@link DockerUnavailableException} (exit 3), anything else a {@link DockerOperationException}
 * (exit 4), each with a short, lower-case reason.
 */
final class EngineErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String endpoint;
    /** How the endpoint was found, for messages; null when the caller named it. */
    private final DockerEndpoint discovered;

    EngineErrors(String endpoint, DockerEndpoint discovered) {
        this.endpoint = endpoint;
        this.discovered = discovered;
    }

    DockerUnavailableException unavailable(Throwable e) {
        String how = discovered == null
                ? ""
                : discovered.found() ? " (" + discovered.origin() + ")" : "; " + DockerEndpoint.NOWHERE;
        return new DockerUnavailableException(
                "cannot reach the Docker engine at " + endpoint + how + ": " + reason(e) + hint(e),
                e,
                discovered == null || discovered.found());
    }

    /** A connection problem becomes {@link DockerUnavailableException}; anything else an operation failure. */
    RuntimeException failure(String action, RuntimeException e) {
        if (e instanceof DockerUnavailableException || e instanceof DockerOperationException) {
            return e;
        }
        if (isConnectionFailure(e)) {
            return unavailable(e);
        }
        return new DockerOperationException(action + " failed: " + reason(e), e);
    }

    static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DockerException) {
                return false; // the engine answered with an HTTP error
            }
            if (t instanceof IOException || t.getClass().getName().equals("com.sun.jna.LastErrorException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * A short, lower-case reason: the engine's JSON "message" for HTTP errors, the OS error for
     * socket failures ("no such file or directory", "connection refused", "permission denied").
     */
    static String reason(Throwable e) {
        DockerException http = find(e, DockerException.class);
        if (http != null) {
            return engineMessage(http);
        }
        if (find(e, SocketTimeoutException.class) != null || find(e, InterruptedIOException.class) != null) {
            return "no answer in time";
        }
        Throwable deepest = e;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                deepest = t;
            }
        }
        ConnectException refused = find(e, ConnectException.class);
        if (refused != null
                && (refused.getMessage() == null || refused.getMessage().contains("refused"))) {
            return "connection refused";
        }
        String message = deepest.getMessage();
        if (message == null || message.isBlank()) {
            return deepest.getClass().getSimpleName();
        }
        message = message.trim();
        // JNA's LastErrorException: "[2] No such file or directory"; wrappers: "IOException: ..."
        message = message.replaceFirst("^(?:[\\w$.]+(?:Exception|Error): )+", "");
        message = message.replaceFirst("^\\[\\d+\\]\\s*", "");
        if (message.length() > 1
                && Character.isUpperCase(message.charAt(0))
                && Character.isLowerCase(message.charAt(1))) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        return message;
    }

    private static String hint(Throwable e) {
        String r = reason(e);
        if (r.contains("permission denied")) {
            return " (is this user in the docker group, or try with sudo)";
        }
        return "";
    }

    /** docker-java's messages look like "Status 404: {\"message\":\"No such container: x\"}". */
    static String engineMessage(DockerException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().trim();
        int brace = message.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode node = JSON.readTree(message.substring(brace));
                if (node != null && node.hasNonNull("message")) {
                    return node.get("message").asText().trim() + " (HTTP " + e.getHttpStatus() + ")";
                }
            } catch (IOException | RuntimeException ignored) {
                // not JSON: fall through to the raw text
            }
        }
        message = message.replaceFirst("^(?:Status \\d+:\\s*)+", "");
        return message.isEmpty() ? "HTTP " + e.getHttpStatus() : message + " (HTTP " + e.getHttpStatus() + ")";
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    static String shortId(String id) {
        return id != null && id.length() > 12 && id.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                ? id.substring(0, 12)
                : String.valueOf(id);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
