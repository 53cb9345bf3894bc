package reflector.setup.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import reflector.setup.config.BuildSources;
import reflector.setup.docker.ComposeConfig;
import reflector.setup.docker.Docker;
import reflector.setup.docker.ImageBuild;
import reflector.setup.files.FileKind;
import reflector.setup.files.SourceStamp;
import reflector.setup.files.Workspace;
import reflector.setup.text.Sha256;

/**
 * The images this installer built, recorded in {@value #FILE}: for each service, the image, the
 * ID the build gave it and a fingerprint of what it was built from. A service whose sources have
 * the same fingerprint, and whose image still has that ID, is not built again: BuildKit would only
 * replay its cache, and would fetch a remote Git context again to find that out.
 *
 * <p>The fingerprint covers the build section as Compose resolved it (context, Dockerfile,
 * arguments) and, for a local context, the {@link SourceStamp} of its files. A Git context counts
 * only when it is pinned to a commit; at a tag or branch the build always runs. Base images are not
 * covered: a newer base image is built in when the sources change, or after deleting this file.
 */
final class BuiltImages {
    static final String FILE = "data/built-images";
    private static final String HEADER =
            "# Images reflector-setup built, so that an unchanged re-run does not build them"
                    + " again.\n# service image image-id fingerprint. Deleting this file makes the next run build them.\n";
    private static final Pattern PINNED_GIT_CONTEXT = Pattern.compile(".*#[0-9a-fA-F]{7,40}(:.*)?");

    private record Built(String image, String imageId, String fingerprint) {}

    private final Map<String, Built> built;
    /** The fingerprints {@link #stale} found, by service, for {@link #recordBuilt}. */
    private final Map<String, Optional<String>> fingerprints = new TreeMap<>();

    private BuiltImages(Map<String, Built> built) {
        this.built = built;
    }

    /** The record as the run has it; a line it cannot read is dropped (that image is built again). */
    static BuiltImages read(Workspace workspace) {
        Map<String, Built> built = new TreeMap<>();
        for (String line : workspace.read(FILE).orElse("").split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length == 4 && !line.startsWith("#")) {
                built.put(fields[0], new Built(fields[1], fields[2], fields[3]));
            }
        }
        return new BuiltImages(built);
    }

    /** The services, in order, whose image is not the one built here from their sources as they are now. */
    List<String> stale(List<String> services, ComposeConfig config, Docker docker) {
        List<String> stale = new ArrayList<>();
        for (String service : services) {
            ImageBuild build = config.builds().get(service);
            Optional<String> fingerprint = build == null ? Optional.empty() : fingerprint(build);
            fingerprints.put(service, fingerprint);
            if (build == null || !upToDate(service, build, fingerprint.orElse(null), docker)) {
                stale.add(service);
            }
        }
        return stale;
    }

    private boolean upToDate(String service, ImageBuild build, String fingerprint, Docker docker) {
        Built last = built.get(service);
        return last != null
                && last.fingerprint().equals(fingerprint)
                && last.image().equals(build.image())
                && docker.imageId(build.image()).map(last.imageId()::equals).orElse(false);
    }

    /** Records the images just built, with the fingerprints {@link #stale} found for them. */
    void recordBuilt(List<String> services, ComposeConfig config, Docker docker) {
        for (String service : services) {
            ImageBuild build = config.builds().get(service);
            Optional<String> fingerprint = fingerprints.getOrDefault(service, Optional.empty());
            Optional<String> id = build == null ? Optional.empty() : docker.imageId(build.image());
            if (fingerprint.isPresent() && id.isPresent()) {
                built.put(service, new Built(build.image(), id.get(), fingerprint.get()));
            } else {
                built.remove(service);
            }
        }
    }

    void stage(Workspace workspace) {
        StringBuilder text = new StringBuilder(HEADER);
        built.forEach((service, image) -> text.append(service)
                .append(' ')
                .append(image.image())
                .append(' ')
                .append(image.imageId())
                .append(' ')
                .append(image.fingerprint())
                .append('\n'));
        workspace.stage(FILE, text.toString(), FileKind.PLAIN);
    }

    /**
     * What the service's image is built from, or empty when that cannot be pinned down (a Git
     * context at a tag or branch, a context that is not there or not all readable): such an image
     * is always built.
     */
    static Optional<String> fingerprint(ImageBuild build) {
        String sources;
        if (BuildSources.isGitUrl(build.context())) {
            if (!PINNED_GIT_CONTEXT.matcher(build.context()).matches()) {
                return Optional.empty();
            }
            sources = "git";
        } else {
            Path context = Path.of(build.context());
            if (!context.isAbsolute() || !Files.isDirectory(context)) {
                return Optional.empty();
            }
            try {
                sources = SourceStamp.of(context, context.resolve(build.dockerfile()));
            } catch (IOException unreadable) {
                return Optional.empty(); // Docker says what it cannot read, if it needs it
            }
        }
        return Optional.of(Sha256.hex(build.definition() + "\n" + sources));
    }
}
