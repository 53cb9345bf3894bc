package reflector.setup.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.core.IoErrors;

/**
 * The deployment directory as the steps see it. Steps stage new contents here; {@link #flush()}
 * writes what differs from the disk atomically. In a dry run nothing is written and
 * {@link #plannedChanges()} lists what would be. File-system failures are the environment's
 * (exit 3), never an internal error.
 */
public final class Workspace {
    private final Path dir;
    private final boolean dryRun;
    /** What each file held when the run first looked at it; null for a missing file. */
    private final Map<String, String> original = new LinkedHashMap<>();
    /** What the disk holds after the last flush, or would hold in a dry run. */
    private final Map<String, String> current = new LinkedHashMap<>();

    private final Map<String, Staged> staged = new LinkedHashMap<>();
    private final Map<String, FileKind> kinds = new LinkedHashMap<>();
    private final Set<String> restricted = new LinkedHashSet<>();
    private final List<String> plannedActions = new ArrayList<>();
    private boolean directoriesChecked;

    private record Staged(String content, FileKind kind) {}

    public Workspace(Path dir, boolean dryRun) {
        this.dir = dir.toAbsolutePath().normalize();
        this.dryRun = dryRun;
    }

    public Path dir() {
        return dir;
    }

    public Path path(String relative) {
        return dir.resolve(relative);
    }

    /** The file's content as the run has it now (staged, else on disk); empty when missing. */
    public Optional<String> read(String relative) {
        Staged pending = staged.get(relative);
        if (pending != null) {
            return Optional.of(pending.content());
        }
        onDisk(relative);
        return Optional.ofNullable(current.get(relative));
    }

    public boolean exists(String relative) {
        return read(relative).isPresent();
    }

    public void stage(String relative, String content, FileKind kind) {
        onDisk(relative);
        staged.put(relative, new Staged(content, kind));
        kinds.put(relative, kind);
    }

    /**
     * Removes an empty directory at a file's path: Docker creates one when a bind-mounted file
     * is missing. A directory with content is the user's and stops the run.
     */
    public boolean removeStrayDirectory(String relative) {
        Path path = path(relative);
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (var entries = Files.list(path)) {
            if (entries.findAny().isPresent()) {
                throw InstallerException.environment(relative + " is a directory with files in it, where a file "
                        + "belongs; move it away and run again");
            }
            if (dryRun) {
                plannedActions.add("remove the empty directory " + relative + " (left by a Docker bind mount)");
                return true;
            }
            Files.delete(path);
            return true;
        } catch (IOException e) {
            throw failure("remove the directory " + relative, e);
        }
    }

    /**
     * Creates a directory that a bind mount needs, so that Docker does not create it as root;
     * true when it was (or, in a dry run, would be) created.
     */
    public boolean ensureDirectory(String relative) {
        Path path = path(relative);
        if (Files.isDirectory(path)) {
            return false;
        }
        if (dryRun) {
            return true;
        }
        try {
            // With the fixed modes (data/ 0700, the rest 0755): createDirectories would apply the umask.
            DirectoryModes.create(dir, relative);
            return true;
        } catch (IOException e) {
            throw failure("create the directory " + relative, e);
        }
    }

    /**
     * Sets the installer's own directories that others may write to back to their modes, once
     * per run (see {@link DirectoryModes#tighten}); returns them (in a dry run: would set).
     */
    public List<String> restrictDirectories() {
        if (directoriesChecked) {
            return List.of();
        }
        directoriesChecked = true;
        try {
            return DirectoryModes.tighten(dir, !dryRun);
        } catch (IOException e) {
            throw failure(
                    "set the permissions of " + DeploymentFiles.DATA_DIR + "/ or " + DeploymentFiles.CADDY_TRUST_DIR
                            + "/",
                    e);
        }
    }

    /**
     * Writes staged files whose content differs from the disk (in a dry run: only pretends to);
     * returns what changed since the last flush.
     */
    public List<FileChange> flush() {
        List<FileChange> changes = new ArrayList<>();
        for (Map.Entry<String, Staged> entry : staged.entrySet()) {
            String before = current.get(entry.getKey());
            Staged after = entry.getValue();
            if (!after.content().equals(before)) {
                changes.add(new FileChange(entry.getKey(), before, after.content(), after.kind()));
            }
        }
        for (FileChange change : changes) {
            if (!dryRun) {
                try {
                    Path parent = Path.of(change.path()).getParent();
                    DirectoryModes.create(dir, parent == null ? "" : parent.toString());
                    AtomicFiles.write(path(change.path()), change.after(), change.kind());
                } catch (IOException e) {
                    throw failure("write " + change.path(), e);
                }
            }
            current.put(change.path(), change.after());
        }
        staged.clear();
        return changes;
    }

    /**
     * Makes every secret file this run has handled readable by its owner only, also when its
     * content did not change (an older installer left them world-readable). Returns the files
     * whose permissions were (or, in a dry run, would be) restricted.
     */
    public List<String> restrictSecretFiles() {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, FileKind> entry : kinds.entrySet()) {
            String relative = entry.getKey();
            Path path = path(relative);
            if (entry.getValue() != FileKind.SECRET || restricted.contains(relative) || !Files.isRegularFile(path)) {
                continue;
            }
            try {
                if (Files.isSymbolicLink(path) && !path.toRealPath().startsWith(RealPaths.of(dir))) {
                    // ExistingFiles refuses these before a run; never chmod a file elsewhere.
                    throw InstallerException.environment(relative + " is a symbolic link out of the deployment "
                            + "directory; its permissions are left alone");
                }
                boolean needed = dryRun ? AtomicFiles.openToOthers(path) : AtomicFiles.restrictToOwner(path);
                if (needed) {
                    restricted.add(relative);
                    changed.add(relative);
                }
            } catch (IOException e) {
                throw failure("set the permissions of " + relative, e);
            }
        }
        return changed;
    }

    /** Every file the run has changed or would change, compared with the disk at the start. */
    public List<FileChange> plannedChanges() {
        flush();
        List<FileChange> changes = new ArrayList<>();
        for (Map.Entry<String, String> entry : current.entrySet()) {
            String before = original.get(entry.getKey());
            String after = entry.getValue();
            if (after != null && !after.equals(before)) {
                changes.add(new FileChange(
                        entry.getKey(), before, after, kinds.getOrDefault(entry.getKey(), FileKind.PLAIN)));
            }
        }
        return changes;
    }

    public List<String> plannedActions() {
        return List.copyOf(plannedActions);
    }

    private String onDisk(String relative) {
        if (original.containsKey(relative)) {
            return original.get(relative);
        }
        Path path = path(relative);
        String content = null;
        if (Files.isRegularFile(path)) {
            try {
                content = StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(ByteBuffer.wrap(Files.readAllBytes(path)))
                        .toString();
            } catch (CharacterCodingException e) {
                throw InstallerException.environment(relative + " is not UTF-8 text; fix or move it and run again");
            } catch (IOException e) {
                throw failure("read " + relative, e);
            }
        }
        original.put(relative, content);
        current.put(relative, content);
        return content;
    }

    private InstallerException failure(String action, IOException e) {
        return new InstallerException(
                ExitCode.ENVIRONMENT, "could not " + action + " in " + dir + ": " + IoErrors.describe(e), e);
    }
}
