package reflector.setup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The list of releases in docs/deployment.md is the release table's. */
class ReleaseTableDocsTest {
    static final Path DOC = Path.of("docs/deployment.md");
    static final String BEGIN = "<!-- releases:begin -->\n";
    static final String END = "<!-- releases:end -->";

    @Test
    void theDocListsExactlyTheReleasesOfTheTable() throws Exception {
        String doc = Files.readString(DOC);
        assertTrue(doc.contains(BEGIN) && doc.contains(END), DOC + " has no " + BEGIN.strip() + " ... " + END);
        String listed = doc.substring(doc.indexOf(BEGIN) + BEGIN.length(), doc.indexOf(END));
        String expected = "| Release | Stack | Migration head | Password login |\n|---|---|---|---|\n"
                + Releases.deployable().stream()
                        .map(release -> "| " + release.tag()
                                + (release.tag().equals(Releases.DEFAULT_TAG) ? " (default)" : "") + " | "
                                + release.stack()
                                + " | `" + release.migrationHead() + "` | " + (release.passwordLogin() ? "yes" : "no")
                                + " |\n")
                        .collect(Collectors.joining());
        assertEquals(expected, listed);
    }
}
