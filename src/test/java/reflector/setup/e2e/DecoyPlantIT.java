package reflector.setup.e2e;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs first: plants the decoy deployment that {@link DecoySurvivesIT} checks after every other test. */
@Order(1)
class DecoyPlantIT {
    @Test
    void aDeploymentTheSuiteDidNotMakeIsRunning() throws Exception {
        Decoy.plant();
    }
}
