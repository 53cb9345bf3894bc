package reflector.setup.install;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import reflector.setup.InstallerException;

/**
 * Keeps two installer runs from working on the same deployment at once (say, a cron job and a
 * person). The lock file lives in the temporary directory, not in the deployment, so a run that
 * stops early leaves nothing behind there; the operating system releases the lock when the
 * process ends, however it ends.
 */
final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static RunLock acquire(Path deploymentDir) {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "reflector-setup-" + digest(deploymentDir) + ".lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw InstallerException.environment("another reflector-setup run is working on " + deploymentDir
                        + "; wait for it to finish");
            }
            return new RunLock(channel, lock);
        } catch (IOException e) {
            throw InstallerException.environment("could not take the run lock " + file + ": " + e.getMessage());
        }
    }

    private static String digest(Path dir) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(dir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // The lock goes with the process anyway.
        }
    }
}
