package reflector.setup.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import reflector.setup.config.StepSelection;

class StepRunnerTest {
    @Test
    void theSelectableNamesAreTheStepsInTheirOrderWithoutTheGroundwork() {
        assertEquals(
                List.of(
                        "prerequisites",
                        "secrets",
                        "server-env",
                        "www-env",
                        "storage",
                        "caddyfile",
                        "services",
                        "health",
                        "verify"),
                StepRunner.standard().selectableNames());
    }

    @Test
    void aHeadingNumbersTheSelectableStepsAndGroundworkHasNoNumber() {
        StepRunner steps = StepRunner.standard();
        assertEquals("==> [3/9] server-env: server/.env and the root .env", steps.heading("server-env"));
        assertEquals("==> bundle: deployment bundle (compose file and templates)", steps.heading("bundle"));
        assertThrows(IllegalArgumentException.class, () -> steps.heading("no-such-step"));
    }

    @Test
    void onlyAndSkipAreCheckedAgainstTheSteps() {
        StepSelection selection = StepRunner.standard().select(List.of(" secrets", "health"), List.of("verify"));
        assertTrue(selection.runs("secrets"));
        assertFalse(selection.runs("verify"));
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class, () -> StepRunner.standard().select(List.of(), List.of("bundle")));
        assertTrue(
                unknown.getMessage().startsWith("--skip: unknown step \"bundle\"; steps are prerequisites, secrets"),
                unknown.getMessage());
    }
}
