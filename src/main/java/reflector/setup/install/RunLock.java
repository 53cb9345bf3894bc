package reflector.setup.install;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import reflector.setup.core.InstallerException;
import reflector.setup.files.RealPaths;
import reflector.setup.text.Sha256;

/**
 * Keeps two installer runs from working on the same deployment at once (say, a cron job and a
 * person). The command that changes a deployment takes it once, before its first change, and
 * holds it to its end, also across the parts it is made of (upgrade: its backup and the install;
 * restore: files, data and the install), so that no other run slips in between; the parts only
 * check that they are given the lock of their directory ({@link #requireFor}).
 *
 * <p>The lock file lives in the temporary directory, not in the deployment, so a run that stops
 * early leaves nothing behind there; the operating system releases the lock when the process
 * ends, however it ends.
 */
public final class RunLock implements AutoCloseable {
    private final String digest;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(String digest, FileChannel channel, FileLock lock) {
        this.digest = digest;
        this.channel = channel;
        this.lock = lock;
    }

    public static RunLock acquire(Path deploymentDir) {
        String digest = digest(deploymentDir);
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "reflector-setup-" + digest + ".lock");
        FileChannel channel = open(file);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        } catch (IOException e) {
            close(channel);
            throw InstallerException.environment("could not take the run lock " + file + ": " + e.getMessage());
        }
        if (lock == null) {
            close(channel);
            throw InstallerException.environment(
                    "another reflector-setup run is working on " + deploymentDir + "; wait for it to finish");
        }
        return new RunLock(digest, channel, lock);
    }

    /**
     * Fails (a bug, exit 1) unless {@code lock} is this process's lock of {@code deploymentDir}:
     * what changes a deployment runs under the lock its command took.
     */
    public static void requireFor(RunLock lock, Path deploymentDir) {
        if (lock == null || !lock.digest.equals(digest(deploymentDir)) || !lock.lock.isValid()) {
            throw new IllegalStateException("changing " + deploymentDir + " without holding its run lock");
        }
    }

    /**
     * Opens an existing lock file without O_CREAT (root may not create-open another user's file in
     * a sticky /tmp), else creates it writable by everyone: a run under sudo and a run by a member
     * of the docker group must both be able to take the same lock.
     */
    private static FileChannel open(Path file) {
        try {
            try {
                return FileChannel.open(file, StandardOpenOption.WRITE);
            } catch (NoSuchFileException missing) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
                return channel;
            }
        } catch (FileAlreadyExistsException raced) {
            return open(file);
        } catch (IOException | UnsupportedOperationException e) {
            throw InstallerException.environment("could not open the run lock " + file + ": " + e.getMessage());
        }
    }

    /**
     * The same deployment reached through a symbolic link gets the same lock, also before the
     * directory exists (a link in a parent is resolved all the same).
     */
    static String digest(Path dir) {
        Path canonical = RealPaths.of(dir);
        return Sha256.hex(canonical.toString()).substring(0, 16); // the first 8 bytes
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing held
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // The lock goes with the process anyway.
        }
        close(channel);
    }
}
