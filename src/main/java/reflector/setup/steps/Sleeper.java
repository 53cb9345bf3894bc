package reflector.setup.steps;

import java.time.Duration;

/**
 * The pause between polls. With the run's clock ({@link StepContext#clock()}) it is the steps' one
 * time source: no step reads the system's time or sleeps by itself, so tests move a clock instead
 * of waiting. The restore's wait for its database ({@code backup.Database}) pauses through it too.
 */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
