package reflector.setup.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceStampTest {
    @TempDir
    Path context;

    Path dockerfile;
    Path main;

    @BeforeEach
    void aContext() throws Exception {
        dockerfile = context.resolve("Dockerfile");
        Files.writeString(dockerfile, "FROM scratch\n");
        main = context.resolve("app/main.py");
        Files.createDirectories(main.getParent());
        Files.writeString(main, "print('hi')\n");
        Files.setLastModifiedTime(main, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    }

    private String stamp() throws Exception {
        return SourceStamp.of(context, dockerfile);
    }

    @Test
    void theSameTreeHasTheSameStamp() throws Exception {
        assertEquals(stamp(), stamp());
    }

    @Test
    void anEditChangesIt() throws Exception {
        String before = stamp();
        Files.writeString(main, "print('hello')\n");
        assertNotEquals(before, stamp());
    }

    @Test
    void anEditOfTheSameSizeChangesItThroughTheModificationTime() throws Exception {
        String before = stamp();
        Files.writeString(main, "print('ho')\n");
        Files.setLastModifiedTime(main, FileTime.from(Instant.parse("2026-01-01T00:00:00.000000001Z")));
        assertNotEquals(before, stamp());
    }

    @Test
    void addingRemovingRenamingAndTheExecutableBitChangeIt() throws Exception {
        String before = stamp();
        Files.writeString(context.resolve("app/new.py"), "");
        String added = stamp();
        assertNotEquals(before, added);
        Files.move(context.resolve("app/new.py"), context.resolve("app/renamed.py"));
        assertNotEquals(added, stamp());
        Files.delete(context.resolve("app/renamed.py"));
        assertEquals(before, stamp(), "back as it was");
        main.toFile().setExecutable(true);
        assertNotEquals(before, stamp());
    }

    @Test
    void aSymbolicLinkCountsByItsTarget() throws Exception {
        Files.createSymbolicLink(context.resolve("link"), Path.of("app/main.py"));
        String before = stamp();
        Files.delete(context.resolve("link"));
        Files.createSymbolicLink(context.resolve("link"), Path.of("Dockerfile"));
        assertNotEquals(before, stamp());
    }

    @Test
    void whatDockerignoreNamesLiterallyIsLeftOut() throws Exception {
        Files.writeString(context.resolve(".dockerignore"), "node_modules\n/.next/\n*.log\n");
        Files.createDirectories(context.resolve("node_modules/left-pad"));
        Files.createDirectories(context.resolve(".next"));
        String before = stamp();
        Files.writeString(context.resolve("node_modules/left-pad/index.js"), "module.exports = 1\n");
        Files.writeString(context.resolve(".next/build-id"), "x\n");
        assertEquals(before, stamp(), "Docker does not send these");
        Files.writeString(context.resolve("debug.log"), "x\n");
        assertNotEquals(before, stamp(), "a wildcard pattern is not followed: more is stamped, never less");
    }

    @Test
    void theDockerfileCountsEvenWhenIgnoredOrOutsideTheContext() throws Exception {
        Files.writeString(context.resolve(".dockerignore"), "Dockerfile\n");
        String before = stamp();
        Files.writeString(dockerfile, "FROM scratch\nCOPY . /\n");
        assertNotEquals(before, stamp());
    }

    @Test
    void literalExclusions() {
        assertEquals(
                Set.of("node_modules", ".next", "docs/build"),
                SourceStamp.literalExclusions(
                        "# comment\nnode_modules\n./.next/\n/docs/build\n**/*.pyc\n\n.dockerignore\n../up\n"));
        assertEquals(
                Set.of(),
                SourceStamp.literalExclusions("node_modules\n!node_modules/keep\n"),
                "an exception could bring back anything: nothing is left out");
    }
}
