package reflector.setup.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Compose builds the images from: a local checkout (./gpu/self_hosted in the deployment
 * directory, or --source DIR) or the upstream Git repository at a pinned release, which Compose
 * fetches as a remote build context. Written to the root .env so that manual `docker compose
 * build` commands build the same thing.
 */
public record BuildSources(String modelContext, String serverContext, String webContext) {

    public static final String UPSTREAM_REPOSITORY = "https://github.com/Monadical-SAS/reflector.git";
    public static final String PINNED_RELEASE = "v0.23.2";

    public static BuildSources of(Path dir, java.util.Optional<String> source) {
        if (source.isPresent()) {
            String value = source.get();
            if (isGitUrl(value)) {
                return fromGit(value.contains("#") ? value : value + "#");
            }
            Path root = dir.resolve(value).toAbsolutePath().normalize();
            return new BuildSources(root.resolve("gpu/self_hosted").toString(), root.resolve("server").toString(),
                    root.resolve("www").toString());
        }
        BuildSources upstream = fromGit(UPSTREAM_REPOSITORY + "#" + PINNED_RELEASE);
        if (Files.isDirectory(dir.resolve(DeploymentFiles.LOCAL_MODEL_SOURCE))) {
            return new BuildSources("./" + DeploymentFiles.LOCAL_MODEL_SOURCE, upstream.serverContext(),
                    upstream.webContext());
        }
        return upstream;
    }

    /** Whether the build contexts for this --source can be written to the root .env unchanged. */
    public static boolean isWritable(String source) {
        BuildSources sources = of(Path.of("/"), java.util.Optional.of(source));
        try {
            for (String context : java.util.List.of(sources.modelContext(), sources.serverContext(), sources.webContext())) {
                reflector.setup.envfile.EnvValueCodec.encode(context);
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static boolean isGitUrl(String value) {
        return value.startsWith("https://") || value.startsWith("http://") || value.startsWith("git@")
                || value.startsWith("ssh://") || value.startsWith("git://");
    }

    /** {@code url#ref} becomes {@code url#ref:subdir}, Compose's syntax for a folder of a Git repository. */
    private static BuildSources fromGit(String urlWithRef) {
        return new BuildSources(urlWithRef + ":gpu/self_hosted", urlWithRef + ":server", urlWithRef + ":www");
    }
}
