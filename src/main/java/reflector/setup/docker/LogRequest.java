package reflector.setup.docker;

import java.time.Instant;
import java.util.Optional;

/**
 * Which log lines to read: the last {@code tail} (all when negative), only those since an instant,
 * and whether to keep following new ones until the container stops (or the command is interrupted).
 */
public record LogRequest(int tail, Optional<Instant> since, boolean follow) {}
