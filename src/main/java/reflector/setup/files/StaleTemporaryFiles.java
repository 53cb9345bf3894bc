package reflector.setup.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Temporary files {@link AtomicFiles} left behind when a run was killed between creating one and
 * renaming it ({@code .NAME.tmp-HEX}). They are removed at the start of the next run, which holds
 * the run lock, so no other run can be writing them.
 */
public final class StaleTemporaryFiles {
    private static final Pattern NAME = Pattern.compile("\\..+\\.tmp-[0-9a-f]{1,16}");
    private static final List<String> DIRECTORIES = List.of("", "server", "www", "templates", "data");

    private StaleTemporaryFiles() {}

    /** The leftovers, relative to {@code deployment}. */
    public static List<String> find(Path deployment) {
        List<String> found = new ArrayList<>();
        for (String relative : DIRECTORIES) {
            Path dir = relative.isEmpty() ? deployment : deployment.resolve(relative);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    if (NAME.matcher(entry.getFileName().toString()).matches()
                            && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                        found.add(deployment.relativize(entry).toString());
                    }
                }
            } catch (IOException e) {
                // A directory that cannot be listed has nothing we could remove.
            }
        }
        return found;
    }

    /** Removes the leftovers; returns them. */
    public static List<String> remove(Path deployment) throws IOException {
        List<String> found = find(deployment);
        for (String relative : found) {
            Files.deleteIfExists(deployment.resolve(relative));
        }
        return found;
    }
}
