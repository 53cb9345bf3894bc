package reflector.setup.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reflector.setup.config.Release;
import reflector.setup.config.Releases;

/** The installer's own table of upstream's migrations (migrations.txt) and the release table's heads. */
class ReleaseMigrationsTest {

    @Test
    void everyDeployableReleaseKnowsItsHeadAndItsAncestorsAndNothingAfter() {
        for (Release release : Releases.deployable()) {
            MigrationGraph known = ReleaseMigrations.of(release);
            assertEquals(List.of(release.migrationHead()), known.heads(), release.tag());
            assertTrue(known.knows("543ed284d69a"), release.tag() + " knows the first migration");
        }
        assertTrue(
                ReleaseMigrations.ofTag("v0.35.0").orElseThrow().knows("623af934249a"),
                "v0.34.0's head is an ancestor");
        assertFalse(
                ReleaseMigrations.ofTag("v0.34.0").orElseThrow().knows("e1f093f7f124"),
                "v0.35.0's head is not v0.34.0's");
        assertFalse(ReleaseMigrations.ofTag("v0.36.0").orElseThrow().knows(ReleaseMigrations.BROKEN_COMMIT_REVISION));
        assertEquals(
                61, ReleaseMigrations.ofTag("v0.34.0").orElseThrow().size(), "v0.34.0's server/migrations/versions");
        assertEquals(
                62, ReleaseMigrations.ofTag("v0.35.0").orElseThrow().size(), "v0.35.0's server/migrations/versions");
    }

    @Test
    void theWholeTableEndsAtTheNewestReleasesHead() {
        assertEquals(List.of("c1d2e3f4a5b6"), ReleaseMigrations.all().heads(), "v0.45.0's head");
        assertEquals(
                List.of("543ed284d69a"),
                ReleaseMigrations.all().downRevisions().entrySet().stream()
                        .filter(entry -> entry.getValue().isEmpty())
                        .map(Map.Entry::getKey)
                        .toList());
        assertTrue(ReleaseMigrations.ofTag("v0.40.0").isEmpty(), "releases it cannot deploy are not looked up");
    }

    @Test
    void theTablesFormat() {
        MigrationGraph graph = ReleaseMigrations.parse("# comment\na -\nb a\nm b,c   # a merge\nc a\n");
        assertEquals(List.of("b", "c"), graph.downRevisions().get("m"));
        assertEquals(List.of("m"), graph.heads());
        assertThrows(IllegalStateException.class, () -> ReleaseMigrations.parse("a b c\n"));
    }
}
