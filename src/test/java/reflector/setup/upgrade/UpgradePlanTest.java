package reflector.setup.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reflector.setup.config.BuildSources;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.config.Settings;
import reflector.setup.steps.RunReport;
import reflector.setup.support.SettingsBuilder;

class UpgradePlanTest {
    static final ReflectorVersion V34 = ReflectorVersion.release("v0.34.0", BuildSources.UPSTREAM_REPOSITORY);
    static final ReflectorVersion V35 = ReflectorVersion.release("v0.35.0", BuildSources.UPSTREAM_REPOSITORY);

    @Test
    void aNewReleaseMovesTheImageTagsAndTheModelServersSource() {
        Settings target = SettingsBuilder.cpu(Path.of("/srv/r")).version(V35).build();
        UpgradePlan plan = UpgradePlan.of(Optional.of(V34), target, new RunReport());
        assertTrue(plan.movesVersion());
        assertTrue(plan.changesAnything());
        assertEquals(
                "monadicalsas/reflector-backend:v0.34.0", plan.images().get(0).from());
        assertEquals(
                "monadicalsas/reflector-backend:v0.35.0", plan.images().get(0).to());
        assertEquals("cpu (built from)", plan.images().get(2).services());
        assertTrue(plan.text().contains("Reflector: v0.34.0 -> v0.35.0"), plan.text());
        assertEquals("v0.35.0", plan.json().get("to").get("ref").asText());
    }

    @Test
    void theSameVersionWithoutFileChangesChangesNothing() {
        Settings target = SettingsBuilder.cpu(Path.of("/srv/r")).version(V34).build();
        UpgradePlan plan = UpgradePlan.of(Optional.of(V34), target, new RunReport());
        assertFalse(plan.changesAnything());
        assertTrue(plan.text().contains("(stays)"), plan.text());
        assertTrue(plan.text().contains("files: no change"), plan.text());
    }

    @Test
    void builtImagesShowTheirSources() {
        ReflectorVersion checkout = ReflectorVersion.checkout(BuildSources.checkout("/src/old"));
        ReflectorVersion newer = ReflectorVersion.checkout(BuildSources.checkout("/src/new"));
        Settings target = SettingsBuilder.cpu(Path.of("/srv/r")).version(newer).build();
        UpgradePlan plan = UpgradePlan.of(Optional.of(checkout), target, new RunReport());
        assertFalse(plan.movesVersion(), "both are 'checkout'");
        assertTrue(plan.changesAnything(), "the sources moved");
        assertTrue(
                plan.text().contains("server, worker, beat (built from): /src/old/server -> /src/new/server"),
                plan.text());
    }

    @Test
    void withoutARecordedVersionEverythingIsNew() {
        UpgradePlan plan = UpgradePlan.of(
                Optional.empty(),
                SettingsBuilder.cpu(Path.of("/srv/r")).version(V35).build(),
                new RunReport());
        assertTrue(plan.changesAnything());
        assertTrue(plan.json().get("from").isNull());
        assertTrue(plan.text().contains("(not recorded) -> v0.35.0"), plan.text());
    }
}
