package reflector.setup.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void escapesControlFormatAndQuoteCharacters() {
        assertEquals("\"a\\nb\\r\\tc\\u001b[31m\\\\\\\"\"", SafeText.quote("a\nb\r\tc\u001b[31m\\\""));
        assertEquals("\"evil\\u202ertl\\u2028\"", SafeText.quote("evil\u202ertl\u2028"));
        assertEquals("\"lone\\ud800\"", SafeText.quote("lone\uD800"));
    }

    @Test
    void keepsPrintableUnicode() {
        assertEquals("\"pässwörd€ \uD83D\uDD11\"", SafeText.quote("pässwörd€ \uD83D\uDD11"));
    }

    @Test
    void cutsLongInput() {
        assertEquals("\"" + "x".repeat(80) + "\"...", SafeText.quote("x".repeat(500)));
        assertEquals("null", SafeText.quote(null));
    }
}
