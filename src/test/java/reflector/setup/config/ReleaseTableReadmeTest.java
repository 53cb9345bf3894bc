package reflector.setup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's list of releases is the release table's. */
class ReleaseTableReadmeTest {
    static final String BEGIN = "<!-- releases:begin -->\n";
    static final String END = "<!-- releases:end -->";

    @Test
    void theReadmeListsExactlyTheReleasesOfTheTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String listed = readme.substring(readme.indexOf(BEGIN) + BEGIN.length(), readme.indexOf(END));
        String expected = "| Release | Stack | Migration head | Password login |\n|---|---|---|---|\n"
                + Releases.deployable().stream().map(release -> "| " + release.tag()
                        + (release.tag().equals(Releases.DEFAULT_TAG) ? " (default)" : "") + " | " + release.stack()
                        + " | `" + release.migrationHead() + "` | " + (release.passwordLogin() ? "yes" : "no") + " |\n")
                        .collect(Collectors.joining());
        assertEquals(expected, listed);
    }
}
