package reflector.setup.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import reflector.setup.output.Console;

/**
 * Counts the bytes of one part of a backup or restore as they pass: on a terminal a live line
 * ("database: 12.3 MiB") at most four times a second, then one line with the total.
 */
final class Progress {
    private final Console console;
    private final Clock clock;
    private final String label;
    private long bytes;
    private Instant shown = Instant.EPOCH;

    Progress(Console console, Clock clock, String label) {
        this.console = console;
        this.clock = clock;
        this.label = label;
    }

    OutputStream counting(OutputStream out) {
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

    java.io.InputStream counting(java.io.InputStream in) {
        return new java.io.FilterInputStream(in) {
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

    void add(long count) {
        bytes += count;
        Instant now = clock.instant();
        if (now.isAfter(shown.plusMillis(250))) {
            shown = now;
            console.live(label + ": " + Sizes.human(bytes));
        }
    }

    long bytes() {
        return bytes;
    }

    void done() {
        console.endLiveLine();
        console.info(label + ": " + Sizes.human(bytes));
    }
}
