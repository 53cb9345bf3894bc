package reflector.setup.caddy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What Caddy's log says about getting certificates. Caddy logs one JSON object per line (its
 * default without a terminal); an ACME attempt that fails ends in error lines of the tls.obtain
 * (or tls.renew) logger, "could not get certificate from issuer" then "will retry", and the ACME
 * client's own loggers (http.acme_client in Caddy 2.6, tls.issuance.acme later) add detail.
 * Lines in another format count only when they plainly mention ACME and an error. Only lines
 * after Caddy's last start count: a container's log keeps what the process before a restart said
 * about a configuration that is gone.
 */
public final class AcmeLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What `caddy run` logs first when it starts with a config file. */
    private static final String START_MESSAGE = "using provided configuration";
    /**
     * The messages with which certmagic (Caddy's certificate manager) ends a failed attempt. Other
     * tls.obtain errors are not about the CA: "unable to unlock" is logged when Caddy stops mid-attempt.
     */
    private static final Set<String> FAILED_ATTEMPT =
            Set.of("could not get certificate from issuer", "will retry", "final attempt; giving up");

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** One line worth showing; {@code failedAttempt} when it says that an attempt to get a certificate failed. */
    public record Entry(Optional<Instant> time, String text, boolean failedAttempt) {}

    private AcmeLog() {}

    /** The ACME errors and warnings in the log text since Caddy last started, oldest first. */
    public static List<Entry> entries(String logs) {
        List<Entry> entries = new ArrayList<>();
        if (logs == null) {
            return entries;
        }
        for (String line : logs.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("{") && trimmed.contains("\"" + START_MESSAGE + "\"")) {
                entries.clear();
            } else if (trimmed.startsWith("{")) {
                json(trimmed).ifPresent(entries::add);
            } else {
                String lower = trimmed.toLowerCase(Locale.ROOT);
                if (lower.contains("acme") && lower.contains("error")) {
                    entries.add(new Entry(Optional.empty(), trimmed, false));
                }
            }
        }
        return entries;
    }

    /** The entries that report a failed attempt made at or after {@code since}. */
    public static List<Entry> failedSince(List<Entry> entries, Instant since) {
        return entries.stream()
                .filter(Entry::failedAttempt)
                .filter(entry -> entry.time().map(time -> !time.isBefore(since)).orElse(false))
                .toList();
    }

    private static Optional<Entry> json(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException notJson) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        String level = node.path("level").asText("");
        String logger = node.path("logger").asText("");
        boolean obtaining = logger.equals("tls.obtain") || logger.equals("tls.renew");
        boolean acme = logger.contains("acme");
        boolean error = level.equals("error") || level.equals("fatal");
        // Warnings of other tls loggers (e.g. "stapling OCSP" for a CA without OCSP) are not about issuance.
        if (!((obtaining || acme) && error) && !(acme && level.equals("warn"))) {
            return Optional.empty();
        }
        Optional<Instant> time = Optional.empty();
        if (node.path("ts").isNumber()) {
            double seconds = node.path("ts").asDouble();
            time = Optional.of(Instant.ofEpochSecond((long) seconds, (long) ((seconds % 1) * 1_000_000_000L)));
        }
        StringBuilder text = new StringBuilder();
        time.ifPresent(t -> text.append(TIME.format(t)).append(' '));
        text.append(level)
                .append(' ')
                .append(logger)
                .append(": ")
                .append(node.path("msg").asText(""));
        String identifier = node.path("identifier").asText("");
        if (!identifier.isEmpty()) {
            text.append(" [").append(identifier).append(']');
        }
        if (node.hasNonNull("error")) {
            text.append(": ").append(node.get("error").asText());
        } else if (node.hasNonNull("problem")) {
            text.append(": ").append(node.get("problem").toString());
        }
        return Optional.of(new Entry(
                time,
                text.toString(),
                obtaining && error && FAILED_ATTEMPT.contains(node.path("msg").asText(""))));
    }
}
