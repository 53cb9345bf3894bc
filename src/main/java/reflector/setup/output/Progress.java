package reflector.setup.output;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import reflector.setup.text.Sizes;

/**
 * Counts the bytes of one part of a backup or restore as they pass: on a terminal a live line
 * ("volume server_data: 312 MiB of 1.0 GiB, 95.2 MiB/s, 8 s left") at most four times a second,
 * then one line with the total, the time and the rate.
 */
public final class Progress {
    private final Console console;
    private final Clock clock;
    private final String label;
    /** What the part is expected to hold (a volume's disk usage); 0 when not known. */
    private final long expected;

    private final Instant started;
    private long bytes;
    private Instant shown = Instant.EPOCH;

    public Progress(Console console, Clock clock, String label) {
        this(console, clock, label, OptionalLong.empty());
    }

    public Progress(Console console, Clock clock, String label, OptionalLong expected) {
        this.console = console;
        this.clock = clock;
        this.label = label;
        this.expected = expected.orElse(0);
        this.started = clock.instant();
    }

    public OutputStream counting(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
                add(length);
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                add(1);
            }
        };
    }

    public InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    add(n);
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }
        };
    }

    public void add(long count) {
        bytes += count;
        Instant now = clock.instant();
        if (now.isAfter(shown.plusMillis(250))) {
            shown = now;
            console.live(label + ": " + Sizes.human(bytes) + (expected > 0 ? " of " + Sizes.human(expected) : "")
                    + rate(now) + timeLeft(now));
        }
    }

    private String rate(Instant now) {
        double seconds = Duration.between(started, now).toMillis() / 1000.0;
        return seconds < 0.5 ? "" : ", " + Sizes.human((long) (bytes / seconds)) + "/s";
    }

    private String timeLeft(Instant now) {
        long millis = Duration.between(started, now).toMillis();
        if (expected <= bytes || bytes == 0 || millis < 500) {
            return "";
        }
        return ", " + (long) Math.ceil((expected - bytes) * (millis / 1000.0) / bytes) + " s left";
    }

    public long bytes() {
        return bytes;
    }

    public Console console() {
        return console;
    }

    public void done() {
        Instant now = clock.instant();
        console.endLiveLine();
        console.info(label + ": " + Sizes.human(bytes) + " in "
                + String.format(
                        Locale.ROOT, "%.1f s", Duration.between(started, now).toMillis() / 1000.0) + rate(now));
    }
}
