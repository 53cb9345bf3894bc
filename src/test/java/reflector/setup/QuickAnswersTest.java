package reflector.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import reflector.setup.support.CliRun;

/**
 * Which command lines Main answers without picocli, and the version it prints then. That the help
 * text in the built jar is the command model's, and that the jar prints it, is QuickAnswersIT's.
 */
class QuickAnswersTest {
    @Test
    void versionIsPicocliVersion() {
        String picocli = new CliRun().run("--version").out();
        assertEquals(Optional.of(picocli), QuickAnswers.answer(new String[] {"--version"}, Optional::empty));
        assertEquals(Optional.of(picocli), QuickAnswers.answer(new String[] {"-V"}, Optional::empty));
    }

    @Test
    void helpOnItsOwnIsTheRenderedText() {
        String rendered = "the help text rendered at build time\n";
        assertEquals(Optional.of(rendered), QuickAnswers.answer(new String[] {"--help"}, () -> Optional.of(rendered)));
        assertEquals(Optional.of(rendered), QuickAnswers.answer(new String[] {"-h"}, () -> Optional.of(rendered)));
    }

    @Test
    void withoutTheRenderedTextOrWithOtherWordsPicocliAnswers() {
        assertTrue(QuickAnswers.answer(new String[] {"--help"}, Optional::empty).isEmpty());
        assertTrue(QuickAnswers.answer(new String[] {"status", "--help"}, () -> Optional.of("x"))
                .isEmpty());
        assertTrue(QuickAnswers.answer(new String[] {"--cpu", "--version"}, () -> Optional.of("x"))
                .isEmpty());
        assertTrue(QuickAnswers.answer(new String[0], () -> Optional.of("x")).isEmpty());
    }
}
