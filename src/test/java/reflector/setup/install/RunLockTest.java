package reflector.setup.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.ExitCode;
import reflector.setup.InstallerException;

class RunLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunOnTheSameDeploymentIsRefusedUntilTheFirstEnds() {
        try (RunLock first = RunLock.acquire(dir)) {
            InstallerException refused = assertThrows(InstallerException.class, () -> RunLock.acquire(dir.resolve(".")));
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
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        java.nio.file.Files.createDirectory(dir.resolve("real"));
        try (RunLock first = RunLock.acquire(dir.resolve("real"))) {
            assertThrows(InstallerException.class, () -> RunLock.acquire(link));
        }
    }

    /** Before the deployment directory exists, a link in a parent is resolved all the same. */
    @Test
    @SuppressWarnings("try")
    void aSymbolicLinkInAParentOfADirectoryToBeCreatedHasTheSameLock() throws Exception {
        java.nio.file.Files.createDirectory(dir.resolve("real"));
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        assertEquals(RunLock.digest(dir.resolve("real/new-deployment")), RunLock.digest(link.resolve("new-deployment")));
        try (RunLock first = RunLock.acquire(dir.resolve("real/new-deployment"))) {
            assertThrows(InstallerException.class, () -> RunLock.acquire(link.resolve("new-deployment")));
        }
    }
}
