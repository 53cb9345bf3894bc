package reflector.setup.e2e;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs last: every end-to-end test has run its installs, re-runs, failures and teardowns; the
 * decoy deployment named "reflector" must still be exactly as it was.
 */
@Order(Integer.MAX_VALUE)
class DecoySurvivesIT {
    @Test
    void theDecoyDeploymentIsUntouched() throws Exception {
        Decoy.plant(); // when run alone, the check still has something to hold
        Decoy.assertUntouchedAndRemoveIfPlanted();
    }
}
