package reflector.setup.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import reflector.setup.config.PublicDataRetention;

/**
 * {@code publicDataRetention} of the install's and status's documents: {days, set, deletes, keep}
 * for a public instance, null for one that requires login (its backend deletes nothing).
 */
public final class PublicRetentionJson {
    private PublicRetentionJson() {}

    public static void put(ObjectNode root, Optional<PublicDataRetention> retention) {
        if (retention.isEmpty()) {
            root.putNull("publicDataRetention");
            return;
        }
        root.putObject("publicDataRetention")
                .put("days", retention.get().days())
                .put("set", retention.get().set())
                .put("deletes", retention.get().deletes())
                .put("keep", retention.get().keep());
    }
}
