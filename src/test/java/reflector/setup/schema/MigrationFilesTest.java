package reflector.setup.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.archive.TarWriter;
import reflector.setup.schema.MigrationFiles.Migration;

/** The identifiers of alembic's version files, in every form alembic's templates and people write them. */
class MigrationFilesTest {
    @TempDir
    Path dir;

    @Test
    void upstreamsAnnotatedFormWithOneTwoOrNoDownRevision() {
        assertEquals(
                Optional.of(new Migration("e1f093f7f124", List.of("623af934249a"))),
                MigrationFiles.parse(
                        """
                \"\"\"add password_hash to user table

                Revision ID: e1f093f7f124
                Revises: 623af934249a
                \"\"\"

                revision: str = "e1f093f7f124"
                down_revision: Union[str, None] = "623af934249a"
                branch_labels: Union[str, Sequence[str], None] = None
                """));
        assertEquals(
                List.of("1b1e6a6fc465", "80beb1ea3269"),
                MigrationFiles.parse(
                                "revision: str = \"e69f08ead8ea\"\ndown_revision: Union[str, None] = (\"1b1e6a6fc465\", \"80beb1ea3269\")\n")
                        .orElseThrow()
                        .downRevisions());
        assertEquals(
                List.of(),
                MigrationFiles.parse("revision: str = \"543ed284d69a\"\ndown_revision: Union[str, None] = None\n")
                        .orElseThrow()
                        .downRevisions());
    }

    @Test
    void thePlainFormSingleQuotesATupleOverLinesAndAComment() {
        assertEquals(
                new Migration("abc", List.of("def")),
                MigrationFiles.parse("revision = 'abc'\ndown_revision = 'def'  # the parent\n")
                        .orElseThrow());
        assertEquals(
                new Migration("m", List.of("a", "b")),
                MigrationFiles.parse("revision = \"m\"\ndown_revision = (\n    \"a\",\n"
                                + "    \"b\",\n)\nbranch_labels = None\n")
                        .orElseThrow());
        assertEquals(
                List.of(),
                MigrationFiles.parse("revision = 'x'\ndown_revision = None  # \"not\" a revision\n")
                        .orElseThrow()
                        .downRevisions());
    }

    @Test
    void aFileWithoutARevisionIsNoMigration() {
        assertEquals(Optional.empty(), MigrationFiles.parse("# an __init__.py\n"));
        assertEquals(Optional.empty(), MigrationFiles.parse("    revision = 'indented, inside a function'\n"));
    }

    @Test
    void anArchiveOfTheVersionsDirectoryGivesItsPyFilesOnly() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarWriter writer = new TarWriter(tar)) {
            writer.add(
                    "versions/a_first.py",
                    0644,
                    0,
                    bytes("revision: str = \"a\"\ndown_revision: Union[str, None] = None\n"));
            writer.add(
                    "versions/b_second.py",
                    0644,
                    0,
                    bytes("revision: str = \"b\"\ndown_revision: Union[str, None] = \"a\"\n"));
            writer.add("versions/__pycache__/b_second.cpython-312.pyc", 0644, 0, bytes("revision = \"pyc\"\n"));
            writer.add("versions/notes.txt", 0644, 0, bytes("revision = \"txt\"\n"));
        }
        MigrationGraph graph = MigrationFiles.fromTar(new ByteArrayInputStream(tar.toByteArray()));
        assertEquals(Map.of("a", List.of(), "b", List.of("a")), graph.downRevisions());
    }

    @Test
    void aDirectoryOfThisHost() throws Exception {
        Files.writeString(dir.resolve("a.py"), "revision = 'a'\ndown_revision = None\n");
        Files.writeString(dir.resolve("b.py"), "revision = 'b'\ndown_revision = 'a'\n");
        Files.createDirectories(dir.resolve("__pycache__"));
        assertEquals(List.of("b"), MigrationFiles.fromDirectory(dir).heads());
    }

    @Test
    void theStandInsTestDataHasUpstreamsHeads() throws Exception {
        Path backend = Path.of(System.getProperty("reflector.repo.dir", ".")).resolve("testenv/backend");
        MigrationGraph v035 = MigrationFiles.fromDirectory(backend.resolve("migrations/versions"));
        assertEquals(List.of("e1f093f7f124"), v035.heads());
        assertEquals(
                ReleaseMigrations.ofTag("v0.35.0").orElseThrow(),
                v035,
                "the stand-in's image carries exactly v0.35.0's migrations, as the release table knows them");
        MigrationGraph bfa = MigrationFiles.fromDirectory(backend.resolve("migration-sets/bfa1071"));
        assertEquals(List.of("20260219000000", "623af934249a"), bfa.heads());
        assertTrue(bfa.knows("3aa20b96d963"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
