package reflector.setup.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import reflector.setup.core.InstallerException;
import reflector.setup.install.Host;
import reflector.setup.secrets.SecretMasker;

/**
 * The --log-file: every progress line, warning and error of the run, whatever the verbosity, and
 * docker-java's own log (SLF4J at debug), with secrets masked. The file is the owner's alone
 * (0600), also when it existed; runs are appended.
 *
 * <p>SLF4J's simple binding writes to {@code System.err}, looked up on every line; while the log
 * is open that stream is replaced by one that masks and writes here, so docker-java's lines leave
 * the terminal for the file. The installer's own output never used {@code System.err} directly
 * (it writes to the stream {@link Host} took at start), so it is not affected.
 */
public final class RunLog implements AutoCloseable {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final RunLog NONE = new RunLog(null, null);

    private final Writer writer;
    private final Path file;
    private volatile Supplier<SecretMasker> masker = SecretMasker::empty;
    private PrintStream previousErr;
    private final Map<String, Optional<String>> previousProperties = new LinkedHashMap<>();

    private RunLog(Writer writer, Path file) {
        this.writer = writer;
        this.file = file;
    }

    public static RunLog none() {
        return NONE;
    }

    /** Opens (creates 0600, or appends to) the log and routes SLF4J into it. */
    public static RunLog open(Path file, String version) {
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw InstallerException.badInput("--log-file: " + absolute + " is a directory");
        }
        try {
            Writer writer = Channels.newWriter(
                    Files.newByteChannel(
                            absolute,
                            Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                            ownerOnly(absolute)),
                    StandardCharsets.UTF_8);
            if (Files.getFileAttributeView(absolute, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) != null) {
                Files.setPosixFilePermissions(absolute, OWNER_ONLY); // an existing file may have been readable
            }
            RunLog log = new RunLog(writer, absolute);
            log.line("==== reflector-setup " + version + ", run started " + Instant.now());
            log.captureSlf4j();
            return log;
        } catch (IOException e) {
            throw InstallerException.environment("--log-file: cannot write " + absolute + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    public boolean enabled() {
        return writer != null;
    }

    public Path file() {
        return file;
    }

    /** The secrets known so far; asked on every line, since a run learns secrets as it goes. */
    public void maskWith(Supplier<SecretMasker> masker) {
        this.masker = masker;
    }

    /** One line (or several), masked. */
    public synchronized void line(String text) {
        if (writer == null || text == null) {
            return;
        }
        try {
            String masked = masker.get().maskAll(text);
            writer.write(masked.endsWith("\n") ? masked : masked + "\n");
            writer.flush();
        } catch (IOException e) {
            // A full disk must not end the run it is logging; the terminal still has the output.
        }
    }

    /**
     * docker-java's log at debug instead of the terminal's warnings only. The wire log of the
     * HTTP client stays off: it would copy every byte of every response, secrets and all.
     */
    private void captureSlf4j() {
        setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        setProperty("org.slf4j.simpleLogger.log.com.github.dockerjava.zerodep.shaded.org.apache.hc", "info");
        previousErr = System.err;
        System.setErr(new PrintStream(new LineStream(), true, StandardCharsets.UTF_8));
    }

    /** SLF4J reads them once, when its first logger is made; they are put back for whatever runs next in this JVM (tests). */
    private void setProperty(String name, String value) {
        previousProperties.putIfAbsent(name, Optional.ofNullable(System.getProperty(name)));
        System.setProperty(name, value);
    }

    @Override
    public synchronized void close() {
        if (writer == null) {
            return;
        }
        if (previousErr != null) {
            System.err.close();
            System.setErr(previousErr);
            previousErr = null;
        }
        previousProperties.forEach((name, value) ->
                value.ifPresentOrElse(v -> System.setProperty(name, v), () -> System.clearProperty(name)));
        previousProperties.clear();
        try {
            writer.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    /** Bytes written to the replaced System.err, as masked lines of the log. */
    private final class LineStream extends OutputStream {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                line(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            } else {
                pending.write(b);
            }
        }

        /** Flushes come in mid-line too; a line is written whole, at its end or when the log closes. */
        @Override
        public synchronized void close() {
            if (pending.size() > 0) {
                line(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
        }
    }
}
