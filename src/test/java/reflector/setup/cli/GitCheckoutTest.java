package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a checkout stands, asked of the real git: lightweight and annotated tags alike. */
class GitCheckoutTest {
    @TempDir
    Path dir;

    void git(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-C",
                dir.toString(),
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "tag.gpgsign=false"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }

    @Test
    void noWorkTreeIsNoHead() {
        assertEquals(Optional.empty(), new GitCheckout().head(dir));
    }

    @Test
    void theHeadCommitAndEveryTagAtIt() throws Exception {
        git("init", "-q");
        Files.writeString(dir.resolve("file"), "one\n");
        git("add", "file");
        git("commit", "-q", "-m", "one");
        GitCheckout.Head untagged = new GitCheckout().head(dir).orElseThrow();
        assertTrue(untagged.commit().matches("[0-9a-f]{40}"), untagged.commit());
        assertEquals(List.of(), untagged.tags());
        git("tag", "v0.35.0");
        git("tag", "-a", "-m", "annotated", "v0.35.1");
        assertEquals(
                List.of("v0.35.0", "v0.35.1"),
                new GitCheckout().head(dir).orElseThrow().tags());
        Files.writeString(dir.resolve("file"), "two\n");
        git("commit", "-q", "-am", "two");
        assertEquals(List.of(), new GitCheckout().head(dir).orElseThrow().tags(), "the tags are behind HEAD now");
    }
}
