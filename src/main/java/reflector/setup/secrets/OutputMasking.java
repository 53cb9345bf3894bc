package reflector.setup.secrets;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The last line of defence: everything the installer prints on stdout and stderr (results,
 * progress, warnings, errors, stack traces, picocli's own messages) passes through here and has
 * every secret known so far masked, one line at a time. Secrets are known from the options, from
 * the deployment's files and from what the run generates; steps mask structured output (diffs,
 * logs) themselves as well.
 */
public final class OutputMasking {
    private final List<Supplier<SecretMasker>> sources = new CopyOnWriteArrayList<>();
    private volatile SecretMasker own = SecretMasker.empty();

    /** Secrets known outside a run, such as those given as options. */
    public synchronized void add(String... secrets) {
        own = own.with(secrets);
    }

    /** A masker that grows during a run (the run's context): consulted on every line. */
    public void follow(Supplier<SecretMasker> source) {
        sources.add(source);
    }

    public String mask(String text) {
        String masked = own.mask(text);
        for (Supplier<SecretMasker> source : sources) {
            masked = source.get().mask(masked);
        }
        return masked;
    }

    /** {@code target} behind this masking; wrapping twice changes nothing. */
    public PrintWriter wrap(PrintWriter target) {
        if (target instanceof MaskingPrintWriter masking && masking.owner == this) {
            return target;
        }
        return new MaskingPrintWriter(new LineMaskingWriter(target, this), this);
    }

    private static final class MaskingPrintWriter extends PrintWriter {
        final OutputMasking owner;

        MaskingPrintWriter(Writer out, OutputMasking owner) {
            super(out, true);
            this.owner = owner;
        }
    }

    /** Holds text until a line is complete (or flushed), then writes it masked. */
    private static final class LineMaskingWriter extends Writer {
        private final PrintWriter target;
        private final OutputMasking masking;
        private final StringBuilder pending = new StringBuilder();

        LineMaskingWriter(PrintWriter target, OutputMasking masking) {
            this.target = target;
            this.masking = masking;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            pending.append(chars, offset, length);
            int newline = pending.lastIndexOf("\n");
            if (newline >= 0) {
                target.write(masking.mask(pending.substring(0, newline + 1)));
                pending.delete(0, newline + 1);
            }
        }

        @Override
        public synchronized void flush() {
            if (pending.length() > 0) {
                target.write(masking.mask(pending.toString()));
                pending.setLength(0);
            }
            target.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
