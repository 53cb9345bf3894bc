package reflector.setup.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void splitReadsBackWhatJoinWrote() {
        List<String> words =
                List.of("--cpu", "--public-url", "https://meet.example.com/a b", "it's", "", "$HOME", "a\\b");
        assertEquals(words, ShellWords.split(ShellWords.join(words)));
    }

    @Test
    void splitFollowsTheShellsQuotingRules() {
        assertEquals(
                List.of("a", "b c", "d\"e", "f g", "h$i"), ShellWords.split("  a 'b c' \"d\\\"e\" f\\ g \"h\\$i\"  "));
        assertEquals(List.of(), ShellWords.split("   "));
    }

    @Test
    void anUnterminatedQuoteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("--cpu 'open"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("--cpu \"open"));
    }
}
