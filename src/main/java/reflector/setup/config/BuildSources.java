package reflector.setup.config;

import java.nio.file.Path;
import java.util.List;
import reflector.setup.envfile.EnvValueCodec;

/**
 * Where Compose builds the three Reflector images from: a local checkout, or a Git repository at
 * one ref, which Compose fetches as a remote build context ({@code url#ref:dir}). Written to the
 * root .env so that a user's own `docker compose build` builds the same thing.
 */
public record BuildSources(String modelContext, String serverContext, String webContext) {

    /** Upstream moved from Monadical-SAS to GreyhavenHQ; its releases from v0.35.0 on are only under the new name. */
    public static final String UPSTREAM_REPOSITORY = "https://github.com/GreyhavenHQ/reflector.git";
    /** Where earlier reflector-setup versions recorded upstream's build contexts. */
    public static final String FORMER_UPSTREAM_REPOSITORY = "https://github.com/Monadical-SAS/reflector.git";

    /** The folders of a checkout, relative to it. */
    public static BuildSources checkout(String root) {
        String prefix = root.endsWith("/") ? root : root + "/";
        return new BuildSources(prefix + "gpu/self_hosted", prefix + "server", prefix + "www");
    }

    public static BuildSources checkout(Path root) {
        return checkout(root.toString());
    }

    /** Compose's syntax for a folder of a Git repository at a ref. */
    public static BuildSources git(String repository, String ref) {
        String base = repository + "#" + ref;
        return new BuildSources(base + ":gpu/self_hosted", base + ":server", base + ":www");
    }

    /** Whether the build contexts for this --source can be written to the root .env unchanged. */
    public static boolean isWritable(String source) {
        BuildSources sources = isGitUrl(source) ? git(source, "ref") : checkout(source);
        try {
            for (String context : List.of(sources.modelContext(), sources.serverContext(), sources.webContext())) {
                EnvValueCodec.encode(context);
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static boolean isGitUrl(String value) {
        return value.startsWith("https://")
                || value.startsWith("http://")
                || value.startsWith("git@")
                || value.startsWith("ssh://")
                || value.startsWith("git://");
    }
}
