package reflector.setup.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import reflector.setup.core.InstallerException;

/**
 * Secrets as UTF-8, whatever the locale. The JVM decodes arguments and environment variables with
 * the locale's charset: under {@code LANG=C}, with no locale (cron, systemd units, {@code env -i},
 * containers) every non-ASCII byte becomes U+FFFD, and a password hashed from that would never log
 * in. Where that happened, the raw bytes are read back from {@code /proc/self/cmdline} or
 * {@code /proc/self/environ} and decoded as UTF-8; where they cannot be (no /proc, or two
 * arguments that look alike), or are not UTF-8 either, the value is refused rather than guessed.
 */
final class Utf8Input {
    static final char REPLACEMENT = '\uFFFD';

    private final Path cmdline;
    private final Path environ;
    private final Charset platform;

    Utf8Input(Path cmdline, Path environ, Charset platform) {
        this.cmdline = cmdline;
        this.environ = environ;
        this.platform = platform;
    }

    static Utf8Input system() {
        return new Utf8Input(Path.of("/proc/self/cmdline"), Path.of("/proc/self/environ"), platformCharset());
    }

    /** The value of {@code option} as the user typed it. */
    String argument(String option, String decoded) {
        if (decoded == null || decoded.indexOf(REPLACEMENT) < 0) {
            return decoded;
        }
        Set<String> found = new LinkedHashSet<>();
        for (byte[] raw : entries(cmdline)) {
            byte[] value = matching(raw, decoded, option + "=");
            if (value != null) {
                found.add(strictUtf8(value).orElseThrow(() -> notUtf8(option)));
            }
        }
        return recovered(option, found);
    }

    /** The environment variable {@code name} as it was set. */
    String environment(String name, String decoded) {
        if (decoded == null || decoded.indexOf(REPLACEMENT) < 0) {
            return decoded;
        }
        Set<String> found = new LinkedHashSet<>();
        byte[] prefix = (name + "=").getBytes(StandardCharsets.US_ASCII);
        for (byte[] raw : entries(environ)) {
            if (startsWith(raw, prefix)) {
                byte[] value = Arrays.copyOfRange(raw, prefix.length, raw.length);
                found.add(strictUtf8(value).orElseThrow(() -> notUtf8(name)));
            }
        }
        return recovered(name, found);
    }

    /** A typed answer cannot be read again: one the terminal's charset could not decode is refused. */
    static char[] typed(String what, char[] answer) {
        for (char c : answer) {
            if (c == REPLACEMENT) {
                throw InstallerException.badInput(
                        what + ": the terminal's locale (" + platformCharset() + ") could not "
                                + "decode what was typed; run with a UTF-8 locale such as LANG=C.UTF-8, or use --password-file");
            }
        }
        return answer;
    }

    private String recovered(String name, Set<String> found) {
        if (found.size() == 1) {
            return found.iterator().next();
        }
        throw InstallerException.badInput(name + ": the locale (" + platform
                + ") cannot decode the non-ASCII characters "
                + "in this value and its bytes could not be recovered; run with a UTF-8 locale such as LANG=C.UTF-8"
                + (name.startsWith("--password") || name.endsWith("PASSWORD") ? ", or use --password-file" : ""));
    }

    /** The raw value, if {@code raw} (a whole argument, or {@code --option=value}) decodes to {@code decoded}. */
    private byte[] matching(byte[] raw, String decoded, String optionPrefix) {
        if (new String(raw, platform).equals(decoded)) {
            return raw;
        }
        byte[] prefix = optionPrefix.getBytes(StandardCharsets.US_ASCII);
        if (startsWith(raw, prefix)) {
            byte[] value = Arrays.copyOfRange(raw, prefix.length, raw.length);
            if (new String(value, platform).equals(decoded)) {
                return value;
            }
        }
        return null;
    }

    private static List<byte[]> entries(Path file) {
        List<byte[]> entries = new ArrayList<>();
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return entries;
        }
        int start = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == 0) {
                if (i > start) {
                    entries.add(Arrays.copyOfRange(all, start, i));
                }
                start = i + 1;
            }
        }
        return entries;
    }

    private static boolean startsWith(byte[] raw, byte[] prefix) {
        if (raw.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (raw[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static InstallerException notUtf8(String name) {
        return InstallerException.badInput(name + ": the value is not UTF-8 text");
    }

    /** The charset the JVM decoded arguments and the environment with. */
    static Charset platformCharset() {
        try {
            return Charset.forName(System.getProperty(
                    "sun.jnu.encoding", Charset.defaultCharset().name()));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }
}
