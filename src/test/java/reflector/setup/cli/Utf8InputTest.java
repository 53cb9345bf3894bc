package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.core.InstallerException;

/** Recovering what the JVM decoded with an ASCII locale, from stand-ins of /proc/self/cmdline and environ. */
class Utf8InputTest {
    @TempDir
    Path dir;

    private Utf8Input input(String... cmdline) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String word : cmdline) {
            bytes.write(word.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
        }
        Files.write(dir.resolve("cmdline"), bytes.toByteArray());
        Files.write(
                dir.resolve("environ"),
                "LANG=C\0REFLECTOR_ADMIN_PASSWORD=g\u00fcltig-passwort\0".getBytes(StandardCharsets.UTF_8));
        return new Utf8Input(dir.resolve("cmdline"), dir.resolve("environ"), StandardCharsets.US_ASCII);
    }

    /** What the JVM makes of UTF-8 bytes under LANG=C: one U+FFFD per byte it cannot decode. */
    private static String asAscii(String typed) {
        return new String(typed.getBytes(StandardCharsets.UTF_8), StandardCharsets.US_ASCII);
    }

    @Test
    void leavesCleanValuesAlone() throws Exception {
        assertEquals("plain-ascii", input().argument("--password", "plain-ascii"));
        assertEquals(null, input().argument("--password", null));
    }

    @Test
    void recoversArgumentsAndOptionEqualsValue() throws Exception {
        Utf8Input input = input(
                "java", "-cp", "x", "reflector.setup.Main", "--password", "p\u00e4sswort1", "--hf-token=hf_\u00e9");
        assertEquals("p\u00e4sswort1", input.argument("--password", asAscii("p\u00e4sswort1")));
        assertEquals("hf_\u00e9", input.argument("--hf-token", asAscii("hf_\u00e9")));
    }

    @Test
    void recoversEnvironmentVariables() throws Exception {
        assertEquals(
                "g\u00fcltig-passwort",
                input().environment("REFLECTOR_ADMIN_PASSWORD", asAscii("g\u00fcltig-passwort")));
    }

    @Test
    void refusesWhatCannotBeRecovered() throws Exception {
        Utf8Input noProc = new Utf8Input(dir.resolve("missing"), dir.resolve("missing"), StandardCharsets.US_ASCII);
        InstallerException e =
                assertThrows(InstallerException.class, () -> noProc.argument("--password", asAscii("p\u00e4ss")));
        assertEquals(2, e.exitCode().code());
        assertTrue(e.getMessage().contains("LANG=C.UTF-8"), e.getMessage());
        // Two arguments the JVM decoded alike: which one was the password cannot be told.
        Utf8Input ambiguous = input("--password", "p\u00e4sswort", "--hf-token", "p\u00f6sswort");
        assertThrows(InstallerException.class, () -> ambiguous.argument("--password", asAscii("p\u00e4sswort")));
    }

    @Test
    void refusesTypedAnswersTheTerminalCouldNotDecode() {
        InstallerException e = assertThrows(
                InstallerException.class, () -> Utf8Input.typed("--password", "p\uFFFD\uFFFDss".toCharArray()));
        assertTrue(e.getMessage().contains("--password-file"), e.getMessage());
        assertEquals("fine", new String(Utf8Input.typed("--password", "fine".toCharArray())));
    }
}
