package reflector.setup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The project is named as Compose names it, and a recorded name never changes by accident. */
class ProjectNameTest {
    static final Path DIR = Path.of("/opt/Reflector.Prod");

    @Test
    void theDirectoryNameIsNormalisedAsComposeDoes() {
        assertEquals("reflectorprod", ProjectName.normalise("Reflector.Prod"));
        assertEquals("my_meet-ings2", ProjectName.normalise("-_My_Meet-ings2"));
        assertEquals("", ProjectName.normalise("..."));
        assertEquals(
                new ProjectName("reflectorprod", "the directory's name"),
                ProjectName.resolve(DIR, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void composeOrderEnvironmentThenDotEnvThenTheFilesNameThenTheDirectory() {
        assertEquals(
                "fromenv",
                ProjectName.resolve(
                                DIR,
                                Optional.empty(),
                                Optional.of("fromenv"),
                                Optional.empty(),
                                Optional.of("declared"))
                        .name());
        assertEquals(
                "recorded",
                ProjectName.resolve(
                                DIR,
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of("recorded"),
                                Optional.of("declared"))
                        .name());
        assertEquals(
                "declared",
                ProjectName.resolve(DIR, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("declared"))
                        .name());
    }

    @Test
    void aRecordedNameCannotBeChangedByAnOptionOrTheEnvironment() {
        IllegalArgumentException renamed = assertThrows(
                IllegalArgumentException.class,
                () -> ProjectName.resolve(
                        DIR, Optional.of("other"), Optional.empty(), Optional.of("recorded"), Optional.empty()));
        assertTrue(renamed.getMessage().contains("empty volumes"), renamed.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ProjectName.resolve(
                        DIR, Optional.empty(), Optional.of("other"), Optional.of("recorded"), Optional.empty()));
        assertEquals(
                "recorded",
                ProjectName.resolve(
                                DIR,
                                Optional.of("recorded"),
                                Optional.empty(),
                                Optional.of("recorded"),
                                Optional.empty())
                        .name());
    }

    @Test
    void invalidNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProjectName.validate("Reflector"));
        assertThrows(IllegalArgumentException.class, () -> ProjectName.validate("-x"));
        assertThrows(IllegalArgumentException.class, () -> ProjectName.validate(""));
        assertThrows(
                IllegalArgumentException.class,
                () -> ProjectName.resolve(
                        Path.of("/opt/..."), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void theTopLevelNameOfAComposeFileIsRead() {
        assertEquals(
                Optional.of("reflector"),
                ProjectName.declaredIn("# x\nname: reflector\nservices:\n  a:\n    name: no\n"));
        assertEquals(Optional.of("quoted"), ProjectName.declaredIn("name: \"quoted\"  # comment\n"));
        assertEquals(Optional.empty(), ProjectName.declaredIn("services:\n  web:\n    image: x\n"));
    }
}
