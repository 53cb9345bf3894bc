package reflector.setup.envfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EnvValueCodecTest {

    static Stream<String> writable() {
        return AwkwardValues.WRITABLE.stream();
    }

    static Stream<String> unwritable() {
        return AwkwardValues.UNWRITABLE.stream();
    }

    static Stream<String> never() {
        return AwkwardValues.NEVER.stream();
    }

    @Test
    void choosesTheSimplestSafeForm() {
        assertEquals("", EnvValueCodec.encode(""));
        assertEquals("abc-1.2_x/y:z@h+,=%", EnvValueCodec.encode("abc-1.2_x/y:z@h+,=%"));
        assertEquals("'pbkdf2:sha256:100000$abcd$ef01'", EnvValueCodec.encode("pbkdf2:sha256:100000$abcd$ef01"));
        assertEquals("'a b # c'", EnvValueCodec.encode("a b # c"));
        assertEquals("'say \"hi\"'", EnvValueCodec.encode("say \"hi\""));
        assertEquals("'a\\b'", EnvValueCodec.encode("a\\b"));
        assertEquals("'${X'", EnvValueCodec.encode("${X"));
        assertEquals("\"it's\"", EnvValueCodec.encode("it's"));
        assertEquals("\"it's \\\"x\\\" \\\\ y\"", EnvValueCodec.encode("it's \"x\" \\ y"));
        assertEquals("\"a\\\\\\\\b\"", EnvValueCodec.encode("a\\\\b"));
        assertEquals("C:\\dir\\", EnvValueCodec.encode("C:\\dir\\"));
        assertEquals("a b\\", EnvValueCodec.encode("a b\\"));
    }

    @ParameterizedTest
    @MethodSource("writable")
    void encodedValuesDecodeBack(String value) {
        String encoded = EnvValueCodec.encode(value);
        assertEquals(value, EnvValueCodec.decode(encoded));
        assertTrue(EnvValueCodec.readsBackAs(encoded, value));
        for (String form : EnvValueCodec.forms(value)) {
            assertEquals(value, EnvValueCodec.decode(form), form);
        }
    }

    @ParameterizedTest
    @MethodSource("unwritable")
    void refusesValuesNoQuotingKeepsForBothReaders(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvValueCodec.encode(value));
        assertTrue(e.getMessage().contains("both Docker Compose and python-dotenv"), e.getMessage());
        assertFalse(e.getMessage().contains(value), "message must not reveal the value");
    }

    @ParameterizedTest
    @MethodSource("never")
    void refusesNewlinesAndNul(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvValueCodec.encode(value));
        assertTrue(e.getMessage().contains("newline") || e.getMessage().contains("NUL"), e.getMessage());
        assertFalse(e.getMessage().contains(value), "message must not reveal the value");
        assertTrue(EnvValueCodec.forms(value).isEmpty());
    }

    @Test
    void secretIsNotInTheMessage() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> EnvValueCodec.encode("hunter2 ${SECRET}"));
        assertFalse(e.getMessage().contains("hunter2"));
        e = assertThrows(IllegalArgumentException.class, () -> EnvValueCodec.encode("hunter2\n"));
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void decodesUnquotedLikeCompose() {
        assertEquals("abc", EnvValueCodec.decode("abc"));
        assertEquals("abc", EnvValueCodec.decode("  abc  "));
        assertEquals("abc", EnvValueCodec.decode("abc # comment"));
        assertEquals("abc", EnvValueCodec.decode("abc   # comment # more"));
        assertEquals("a#b", EnvValueCodec.decode("a#b"));
        assertEquals("#b", EnvValueCodec.decode("#b"));
        assertEquals("a b", EnvValueCodec.decode("a b\r"));
        assertEquals("a\\nb", EnvValueCodec.decode("a\\nb"));
        assertEquals("$HOME and $$", EnvValueCodec.decode("$HOME and $$"), "no interpolation");
        assertEquals("", EnvValueCodec.decode(""));
    }

    @Test
    void decodesSingleQuotedLiterally() {
        assertEquals("a $X ${Y} \\n # b", EnvValueCodec.decode("'a $X ${Y} \\n # b'"));
        assertEquals("it's", EnvValueCodec.decode("'it\\'s'"), "current compose-go drops it");
        assertEquals("a\\\\b", EnvValueCodec.decode("'a\\\\b'"));
        assertEquals("a\\\\", EnvValueCodec.decode("'a\\\\'"));
        assertEquals("x\\\"y", EnvValueCodec.decode("'x\\\"y'"));
        assertEquals("x", EnvValueCodec.decode("'x' # comment"));
        assertEquals("", EnvValueCodec.decode("''"));
        assertEquals("a\nb", EnvValueCodec.decode("'a\nb'"), "quoted values may span lines");
    }

    @Test
    void decodesDoubleQuotedEscapesLikeComposeGo() {
        assertEquals("a\\b\"c", EnvValueCodec.decode("\"a\\\\b\\\"c\""));
        assertEquals("\u0007\b\f\n\r\t\u000b", EnvValueCodec.decode("\"\\a\\b\\f\\n\\r\\t\\v\""));
        assertEquals("$$HOME", EnvValueCodec.decode("\"\\$HOME\""), "compose-go's pre-interpolation form");
        assertEquals("$HOME", EnvValueCodec.decode("\"$HOME\""), "no interpolation");
        assertEquals("S", EnvValueCodec.decode("\"\\0123\""));
        assertEquals("\\ \\1 \\777 \\c \\x41 \\'", EnvValueCodec.decode("\"\\0 \\01 \\0777 \\c \\x41 \\'\""));
        assertEquals("x", EnvValueCodec.decode("\"x\"  # comment"));
        assertEquals("a\\", EnvValueCodec.decode("\"a\\\\\""));
        assertEquals("x\\'y", EnvValueCodec.decode("\"x\\'y\""));
    }

    /** Older compose-go: a quote ends the value unless right after a backslash; nothing is dropped. */
    private static String decodeLikeOldComposeGo(String raw) {
        if (raw.isEmpty() || (raw.charAt(0) != '\'' && raw.charAt(0) != '"')) {
            return EnvValueCodec.decode(raw);
        }
        for (int i = 1; i < raw.length(); i++) {
            if (raw.charAt(i) == raw.charAt(0) && raw.charAt(i - 1) != '\\') {
                String content = raw.substring(1, i);
                return raw.charAt(0) == '"' ? EnvValueCodec.expandComposeEscapes(content) : content;
            }
        }
        return null;
    }

    @ParameterizedTest
    @MethodSource("writable")
    void olderComposeGoReadsEveryFormBackToo(String value) {
        for (String form : EnvValueCodec.forms(value)) {
            assertEquals(value, decodeLikeOldComposeGo(form), form);
        }
    }

    @Test
    void unterminatedQuoteIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> EnvValueCodec.decode("'abc"));
        assertThrows(IllegalArgumentException.class, () -> EnvValueCodec.decode("\"abc\\\""));
    }

    @Test
    void equivalentFormsAreRecognised() {
        assertTrue(EnvValueCodec.readsBackAs("abc", "abc"));
        assertTrue(EnvValueCodec.readsBackAs("'abc'", "abc"));
        assertTrue(EnvValueCodec.readsBackAs("\"abc\"", "abc"));
        assertTrue(EnvValueCodec.readsBackAs("a b", "a b"));
        assertTrue(EnvValueCodec.readsBackAs("\"a b\"", "a b"));
        assertTrue(EnvValueCodec.readsBackAs("''", ""));
        assertTrue(EnvValueCodec.readsBackAs("\"\"", ""));
        // Compose and python-dotenv disagree on these, or interpolate them.
        assertFalse(EnvValueCodec.readsBackAs("'a\\\\b'", "a\\\\b"));
        assertFalse(EnvValueCodec.readsBackAs("a$b", "a$b"));
        assertFalse(EnvValueCodec.readsBackAs("\"a$b\"", "a$b"));
        assertFalse(EnvValueCodec.readsBackAs("'${X}'", "${X}"));
        assertFalse(EnvValueCodec.readsBackAs("\"a\\tb\"", "a\tb"));
        assertFalse(EnvValueCodec.readsBackAs("a\tb", "a\tb"));
    }
}
