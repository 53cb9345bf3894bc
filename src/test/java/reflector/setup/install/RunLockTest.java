package reflector.setup.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;

class RunLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunOnTheSameDeploymentIsRefusedUntilTheFirstEnds() {
        try (RunLock first = RunLock.acquire(dir)) {
            InstallerException refused =
                    assertThrows(InstallerException.class, () -> RunLock.acquire(dir.resolve(".")));
            assertEquals(ExitCode.ENVIRONMENT, refused.exitCode());
            assertTrue(refused.getMessage().contains("another reflector-setup run"), refused.getMessage());
            try (RunLock other = RunLock.acquire(dir.resolve("elsewhere"))) {
                // a different deployment is not blocked
            }
        }
        try (RunLock again = RunLock.acquire(dir)) {
            // released with the first run
        }
    }

    @Test
    void aDeploymentReachedThroughASymbolicLinkHasTheSameLock() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        Files.createDirectory(dir.resolve("real"));
        try (RunLock first = RunLock.acquire(dir.resolve("real"))) {
            assertThrows(InstallerException.class, () -> RunLock.acquire(link));
        }
    }

    /**
     * The first run names a directory that does not exist yet under a parent that is a symbolic
     * link, and creates it while it holds the lock: every other spelling of that directory is
     * refused, before and after it exists, until the first run ends.
     */
    @Test
    @SuppressWarnings("try")
    void aDirectoryToBeCreatedUnderALinkedParentLocksTheSameUnderEverySpelling() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Files.createSymbolicLink(dir.resolve("link-to-link"), link);
        Path first = link.resolve("new-deployment");
        List<Path> spellings = List.of(
                real.resolve("new-deployment"),
                dir.resolve("link-to-link/new-deployment"),
                dir.resolve("link/./new-deployment"),
                dir.resolve("link/../real/new-deployment"),
                dir.resolve("real/../link/new-deployment"),
                dir.resolve("link/new-deployment/."));
        assertFalse(Files.exists(first));
        try (RunLock held = RunLock.acquire(first)) {
            for (Path other : spellings) {
                assertThrows(InstallerException.class, () -> RunLock.acquire(other), other + " before it exists");
            }
            Files.createDirectory(first); // as the first run does
            for (Path other : spellings) {
                assertThrows(InstallerException.class, () -> RunLock.acquire(other), other + " once it exists");
                RunLock.requireFor(held, other);
            }
        }
        for (Path other : spellings) {
            try (RunLock again = RunLock.acquire(other)) {
                // free once the first run ended
            }
        }
    }

    @Test
    void aPartOfARunChecksThatItIsGivenTheLockOfItsDirectory() throws Exception {
        Files.createDirectory(dir.resolve("a"));
        assertThrows(IllegalStateException.class, () -> RunLock.requireFor(null, dir.resolve("a")));
        RunLock released;
        try (RunLock a = RunLock.acquire(dir.resolve("a"))) {
            RunLock.requireFor(a, dir.resolve("a/."));
            IllegalStateException other =
                    assertThrows(IllegalStateException.class, () -> RunLock.requireFor(a, dir.resolve("b")));
            assertEquals(1, ExitCode.of(other).code(), "a bug, not the user's");
            released = a;
        }
        assertThrows(IllegalStateException.class, () -> RunLock.requireFor(released, dir.resolve("a")));
    }

    /** Before the deployment directory exists, a link in a parent is resolved all the same. */
    @Test
    @SuppressWarnings("try")
    void aSymbolicLinkInAParentOfADirectoryToBeCreatedHasTheSameLock() throws Exception {
        Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        assertEquals(
                RunLock.digest(dir.resolve("real/new-deployment")), RunLock.digest(link.resolve("new-deployment")));
        try (RunLock first = RunLock.acquire(dir.resolve("real/new-deployment"))) {
            assertThrows(InstallerException.class, () -> RunLock.acquire(link.resolve("new-deployment")));
        }
    }
}
