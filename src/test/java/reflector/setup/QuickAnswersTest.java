package reflector.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import reflector.setup.docs.HelpText;
import reflector.setup.support.CliRun;

/** The answers Main gives without picocli are exactly picocli's. */
class QuickAnswersTest {
    @Test
    void versionIsPicocliVersion() {
        String picocli = new CliRun().run("--version").out();
        assertEquals(Optional.of(picocli), QuickAnswers.answer(new String[] {"--version"}, Optional::empty));
        assertEquals(Optional.of(picocli), QuickAnswers.answer(new String[] {"-V"}, Optional::empty));
    }

    @Test
    void theHelpRenderedAtBuildTimeIsPicocliHelp() {
        String picocli = new CliRun().run("--help").out();
        assertEquals(picocli, HelpText.render());
        assertEquals(Optional.of(picocli), QuickAnswers.answer(new String[] {"-h"}, () -> Optional.of(HelpText.render())));
    }

    @Test
    void withoutTheRenderedTextOrWithOtherWordsPicocliAnswers() {
        assertTrue(QuickAnswers.answer(new String[] {"--help"}, Optional::empty).isEmpty());
        assertTrue(QuickAnswers.answer(new String[] {"status", "--help"}, () -> Optional.of("x")).isEmpty());
        assertTrue(QuickAnswers.answer(new String[] {"--cpu", "--version"}, () -> Optional.of("x")).isEmpty());
        assertTrue(QuickAnswers.answer(new String[0], () -> Optional.of("x")).isEmpty());
    }
}
