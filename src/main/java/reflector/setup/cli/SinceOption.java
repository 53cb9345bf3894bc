package reflector.setup.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * --since as `docker logs` takes it: a duration back from now (90s, 10m, 2h, 1d, or 1h30m), a
 * time (2026-11-30T08:00:00Z, or with an offset) or a day (2026-11-30, from midnight UTC).
 */
final class SinceOption {
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private SinceOption() {}

    static Instant parse(String text, Instant now) {
        String value = text.strip();
        Matcher matcher = DURATION.matcher(value);
        if (!value.isEmpty() && matcher.matches()) {
            Duration back = Duration.ofDays(number(matcher.group(1)))
                    .plusHours(number(matcher.group(2)))
                    .plusMinutes(number(matcher.group(3)))
                    .plusSeconds(number(matcher.group(4)));
            return now.minus(back);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notATime) {
            try {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notADay) {
                throw new IllegalArgumentException(
                        "--since: '" + text + "' is not a duration (10m, 2h, 1d, 1h30m), a time "
                                + "(2026-11-30T08:00:00Z) or a day (2026-11-30)");
            }
        }
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
