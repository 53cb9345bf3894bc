package reflector.setup.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.docker.ImageBuild;

class BuiltImagesTest {
    @TempDir
    Path dir;

    private static ImageBuild build(String context, String definition) {
        return new ImageBuild("monadicalsas/reflector-backend:x", context, "Dockerfile", definition);
    }

    @Test
    void aGitContextHasAFingerprintOnlyAtACommit() {
        String repository = "https://github.com/Monadical-SAS/reflector.git";
        assertTrue(BuiltImages.fingerprint(build(repository + "#bfa1071:server", "{}"))
                .isPresent());
        assertTrue(BuiltImages.fingerprint(build(repository + "#" + "a".repeat(40) + ":server", "{}"))
                .isPresent());
        assertEquals(Optional.empty(), BuiltImages.fingerprint(build(repository + "#main:server", "{}")));
        assertEquals(Optional.empty(), BuiltImages.fingerprint(build(repository + "#v0.35.0:server", "{}")));
        assertEquals(
                Optional.empty(), BuiltImages.fingerprint(build(repository + ":server", "{}")), "the default branch");
    }

    @Test
    void aLocalContextMustBeThere() throws Exception {
        assertEquals(
                Optional.empty(),
                BuiltImages.fingerprint(build(dir.resolve("absent").toString(), "{}")));
        assertEquals(
                Optional.empty(),
                BuiltImages.fingerprint(build("server", "{}")),
                "relative: not as Compose resolves it");
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
        assertTrue(BuiltImages.fingerprint(build(dir.toString(), "{}")).isPresent());
    }

    @Test
    void theBuildSectionIsPartOfIt() throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
        assertNotEquals(
                BuiltImages.fingerprint(build(dir.toString(), "{\"args\":{\"A\":\"1\"}}")),
                BuiltImages.fingerprint(build(dir.toString(), "{\"args\":{\"A\":\"2\"}}")));
    }

    @Test
    void theBuildSectionIsNeverShown() {
        assertTrue(!build("ctx", "{\"args\":{\"HF_TOKEN\":\"hf_secret\"}}")
                .toString()
                .contains("hf_secret"));
    }
}
