package reflector.setup.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import reflector.setup.text.Sha256;

/**
 * A fingerprint of a build context that changes whenever a file in it is added, removed or
 * renamed, or changes size, modification time or executable bit, or a symbolic link its target.
 * That is the stamp make and rsync trust; it reads no contents, so a large context costs one walk.
 *
 * <p>Paths the context's .dockerignore names literally (no wildcards) are left out, as Docker
 * leaves them out of the build. Every other pattern is ignored and its files are stamped too, and
 * a .dockerignore with an exception ({@code !pattern}) leaves nothing out: stamping more than
 * Docker sends can only cause a build that was not needed, never skip one that was.
 */
public final class SourceStamp {
    private static final String DOCKERIGNORE = ".dockerignore";

    private SourceStamp() {}

    /** The stamp of the context directory, the Dockerfile (wherever it is) always included. */
    public static String of(Path context, Path dockerfile) throws IOException {
        Set<String> excluded = Files.isRegularFile(context.resolve(DOCKERIGNORE))
                ? literalExclusions(Files.readString(context.resolve(DOCKERIGNORE), StandardCharsets.UTF_8))
                : Set.of();
        List<String> entries = new ArrayList<>();
        Files.walkFileTree(context, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return excluded(context.relativize(dir).toString())
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String relative = context.relativize(file).toString();
                if (!excluded(relative)) {
                    entries.add(entry(relative, file, attributes));
                }
                return FileVisitResult.CONTINUE;
            }

            private boolean excluded(String relative) {
                for (String path : excluded) {
                    if (relative.equals(path) || relative.startsWith(path + "/")) {
                        return true;
                    }
                }
                return false;
            }
        });
        if (Files.exists(dockerfile, LinkOption.NOFOLLOW_LINKS)) {
            entries.add(entry(
                    "dockerfile:" + dockerfile,
                    dockerfile,
                    Files.readAttributes(dockerfile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
        }
        entries.sort(null); // the walk's order is the directory's, which is not stable
        return Sha256.hex(String.join("\n", entries));
    }

    private static String entry(String relative, Path file, BasicFileAttributes attributes) throws IOException {
        String kind = attributes.isSymbolicLink()
                ? "link " + Files.readSymbolicLink(file)
                : attributes.isRegularFile() ? "file" + (Files.isExecutable(file) ? " x" : "") : "other";
        return relative + "\0" + kind + "\0" + attributes.size() + "\0"
                + attributes.lastModifiedTime().toInstant();
    }

    /** The paths a .dockerignore names without wildcards; none when it has an exception. */
    static Set<String> literalExclusions(String dockerignore) {
        Set<String> paths = new TreeSet<>();
        for (String raw : dockerignore.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("!")) {
                return Set.of();
            }
            if (line.isEmpty()
                    || line.startsWith("#")
                    || line.matches(".*[*?\\[\\\\].*")
                    || Arrays.asList(line.split("/")).contains("..")) {
                continue;
            }
            String path =
                    Path.of("/").relativize(Path.of("/", line).normalize()).toString();
            if (!path.isEmpty() && !path.equals(DOCKERIGNORE)) {
                paths.add(path);
            }
        }
        return paths;
    }
}
