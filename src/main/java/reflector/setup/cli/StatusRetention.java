package reflector.setup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.PublicDataRetention;
import reflector.setup.envfile.EnvFile;
import reflector.setup.text.SafeText;

/**
 * For status: what a public deployment's backend deletes, read from its server/.env. Status only
 * reports: a file it cannot read, or a value the backend would refuse, is said, never an error.
 *
 * @param retention the retention in force; empty when the deployment requires login or it is not known
 * @param line      the line status prints; empty when there is nothing to say
 */
record StatusRetention(Optional<PublicDataRetention> retention, Optional<String> line) {

    static StatusRetention of(Path directory) {
        Path file = directory.resolve(DeploymentFiles.SERVER_ENV);
        if (!Files.isRegularFile(file)) {
            return new StatusRetention(Optional.empty(), Optional.empty());
        }
        String publicMode;
        String days;
        try {
            EnvFile server = EnvFile.parse(Files.readString(file, StandardCharsets.UTF_8));
            publicMode = server.get(PublicDataRetention.PUBLIC_MODE).orElse("");
            days = server.get(PublicDataRetention.KEY).orElse("");
        } catch (IOException | RuntimeException e) {
            return new StatusRetention(
                    Optional.empty(),
                    Optional.of("Data: cannot tell what the backend deletes: " + DeploymentFiles.SERVER_ENV
                            + " cannot be read (" + SafeText.oneLine(String.valueOf(e.getMessage())) + ")"));
        }
        try {
            Optional<PublicDataRetention> retention = PublicDataRetention.of(publicMode, days);
            return new StatusRetention(retention, retention.map(r -> "Data: " + r.deletes() + "; " + r.keep()));
        } catch (IllegalArgumentException e) {
            return new StatusRetention(
                    Optional.empty(),
                    Optional.of("Data: public mode; in " + DeploymentFiles.SERVER_ENV + ", " + e.getMessage()));
        }
    }
}
