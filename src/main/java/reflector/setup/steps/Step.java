package reflector.setup.steps;

import java.util.Optional;
import reflector.setup.config.Settings;

/**
 * One stage of an install, run in a fixed order by {@link StepRunner}. A step stages file
 * contents in the workspace and talks to Docker only through the context, so it can be tested
 * without Docker; it reports what it changed, and changes nothing that is already right.
 */
public interface Step {

    /** The name used by --only and --skip. */
    String name();

    /** What the step does, for the progress line. */
    String description();

    /** Why the step does not apply to these settings (e.g. no --caddy); empty when it does. */
    default Optional<String> notApplicable(Settings settings) {
        return Optional.empty();
    }

    /** False for groundwork that every run needs, which --only and --skip cannot leave out. */
    default boolean selectable() {
        return true;
    }

    void run(StepContext context) throws Exception;
}
