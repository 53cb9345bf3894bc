package reflector.setup.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which databases a target version's migrations can take: its head and the head's ancestors, nothing else. */
class UpgradeGuardTest {
    static MigrationGraph release(String tag) {
        return ReleaseMigrations.ofTag(tag).orElseThrow();
    }

    @Test
    void aDatabaseAtAnAncestorOrTheHeadOrWithoutMigrationsIsTaken() {
        assertEquals(
                Optional.empty(),
                UpgradeGuard.refusal(DatabaseState.at("623af934249a"), release("v0.35.0"), "v0.35.0"));
        assertEquals(
                Optional.empty(),
                UpgradeGuard.refusal(DatabaseState.at("e1f093f7f124"), release("v0.36.0"), "v0.36.0"));
        assertEquals(Optional.empty(), UpgradeGuard.refusal(DatabaseState.NO_TABLE, release("v0.34.0"), "v0.34.0"));
    }

    @Test
    void aDowngradeIsRefused() {
        String refusal = UpgradeGuard.refusal(DatabaseState.at("e1f093f7f124"), release("v0.34.0"), "v0.34.0")
                .orElseThrow();
        assertEquals(
                "the database is at e1f093f7f124, which v0.34.0's migrations (head 623af934249a) do not know: "
                        + "e1f093f7f124 is a later release's migration: going back to v0.34.0 is a downgrade, and alembic does not "
                        + "go back by itself. Its server could not migrate from there (alembic: Can't locate revision) and would run "
                        + "on a schema it does not know",
                refusal);
        assertTrue(
                UpgradeGuard.refusal(DatabaseState.at("c1d2e3f4a5b6"), release("v0.36.0"), "v0.36.0")
                        .orElseThrow()
                        .contains("a downgrade"),
                "v0.45.0's head");
    }

    @Test
    void theBrokenCommitsRevisionIsRefusedByEveryRelease() {
        for (String tag : List.of("v0.34.0", "v0.35.0", "v0.35.1", "v0.36.0")) {
            String refusal = UpgradeGuard.refusal(DatabaseState.at("20260219000000"), release(tag), tag)
                    .orElseThrow();
            assertTrue(
                    refusal.contains(
                            "20260219000000 is the migration of upstream commit bfa10718, which no release has "
                                    + "(v0.35.0 released the same change as e1f093f7f124)"),
                    refusal);
        }
    }

    @Test
    void aRevisionOfNoReleaseIsRefused() {
        MigrationGraph checkout = new MigrationGraph(Map.of("a", List.of(), "b", List.of("a")));
        String refusal = UpgradeGuard.refusal(DatabaseState.at("f00dbeef0001"), checkout, "the checkout")
                .orElseThrow();
        assertTrue(
                refusal.startsWith("the database is at f00dbeef0001, which the checkout's migrations (head b) do not "
                        + "know: f00dbeef0001 is from no Reflector release this installer knows"),
                refusal);
    }
}
