package reflector.setup.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment directory as the steps see it. Steps stage new contents here; {@link #flush()}
 * writes what differs from the disk atomically. In a dry run nothing is written and
 * {@link #plannedChanges()} lists what would be.
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
    private final List<String> plannedActions = new ArrayList<>();

    private record Staged(String content, FileKind kind) {
    }

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

    public boolean dryRun() {
        return dryRun;
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
                throw reflector.setup.InstallerException.environment(relative + " is a directory with files in it, "
                        + "where a file belongs; move it away and run again");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (dryRun) {
            plannedActions.add("remove the empty directory " + relative + " (left by a Docker bind mount)");
            return true;
        }
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
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
                    AtomicFiles.write(path(change.path()), change.after(), change.kind());
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write " + change.path() + ": " + e.getMessage(), e);
                }
            }
            current.put(change.path(), change.after());
        }
        staged.clear();
        return changes;
    }

    /** Tightens the permissions of existing secret files; returns the paths it changed. */
    public List<String> enforcePermissions(Map<String, FileKind> files) {
        List<String> tightened = new ArrayList<>();
        for (Map.Entry<String, FileKind> file : files.entrySet()) {
            Path path = path(file.getKey());
            if (!Files.isRegularFile(path)) {
                continue;
            }
            try {
                if (dryRun) {
                    continue;
                }
                if (AtomicFiles.enforcePermissions(path, file.getValue())) {
                    tightened.add(file.getKey());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tightened;
    }

    /** Every file the run has changed or would change, compared with the disk at the start. */
    public List<FileChange> plannedChanges() {
        flush();
        List<FileChange> changes = new ArrayList<>();
        for (Map.Entry<String, String> entry : current.entrySet()) {
            String before = original.get(entry.getKey());
            String after = entry.getValue();
            if (after != null && !after.equals(before)) {
                changes.add(new FileChange(entry.getKey(), before, after, kindOf(entry.getKey())));
            }
        }
        return changes;
    }

    public List<String> plannedActions() {
        return List.copyOf(plannedActions);
    }

    private FileKind kindOf(String relative) {
        return kinds.getOrDefault(relative, FileKind.PLAIN);
    }

    private String onDisk(String relative) {
        if (original.containsKey(relative)) {
            return original.get(relative);
        }
        Path path = path(relative);
        String content = null;
        if (Files.isRegularFile(path)) {
            try {
                content = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + relative + ": " + e.getMessage(), e);
            }
        }
        original.put(relative, content);
        current.put(relative, content);
        return content;
    }
}
