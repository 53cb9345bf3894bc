package reflector.setup.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.BuildSources;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.config.Release;
import reflector.setup.config.Releases;
import reflector.setup.core.InstallerException;
import reflector.setup.envfile.EnvFile;

/**
 * Chooses the deployment's Reflector version. A re-run keeps what was recorded at install (the
 * root .env): it never upgrades by itself. Otherwise: --source, --reflector-version, the checkout
 * the directory is, or the installer's default, in that order. Only releases of the release table
 * are deployed; a branch or commit is built with --build, and judged by the schema check.
 */
final class VersionResolver {
    static final String VERSION_KEY = "REFLECTOR_VERSION";
    static final String IMAGE_TAG_KEY = "REFLECTOR_IMAGE_TAG";
    static final String MODEL_CONTEXT_KEY = "REFLECTOR_MODEL_CONTEXT";
    static final String SERVER_CONTEXT_KEY = "REFLECTOR_SERVER_CONTEXT";
    static final String WEB_CONTEXT_KEY = "REFLECTOR_WEB_CONTEXT";
    private static final Pattern GIT_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");

    private final BiFunction<String, String, Optional<String>> refResolver;
    private final Function<Path, Optional<GitCheckout.Head>> checkoutHead;

    /**
     * @param refResolver  (repository, branch or tag) to its commit: `git ls-remote` outside tests
     * @param checkoutHead a checkout's HEAD commit and the tags at it: {@link GitCheckout} outside tests
     */
    VersionResolver(
            BiFunction<String, String, Optional<String>> refResolver,
            Function<Path, Optional<GitCheckout.Head>> checkoutHead) {
        this.refResolver = refResolver;
        this.checkoutHead = checkoutHead;
    }

    ReflectorVersion resolve(
            Path dir,
            Optional<String> requested,
            Optional<String> source,
            boolean build,
            AuthRequest.Mode auth,
            EnvFile rootEnv) {
        ReflectorVersion version;
        if (source.isPresent()) {
            if (requested.isPresent() && !BuildSources.isGitUrl(source.get())) {
                throw InstallerException.badInput(
                        "--reflector-version: not with --source DIR (the checkout is the version)");
            }
            version = fromSource(source.get(), requested);
        } else if (requested.isPresent()) {
            version = requested(requested.get(), build);
        } else {
            Optional<ReflectorVersion> recorded = recorded(rootEnv);
            if (recorded.isPresent()) {
                return recorded.get();
            }
            version = isCheckout(dir) ? fromCheckout(dir, build) : ReflectorVersion.defaultVersion();
        }
        if (auth == AuthRequest.Mode.PASSWORD && version.hasPasswordLogin().equals(Optional.of(false))) {
            String withLogin = Releases.deployable().stream()
                    .filter(Release::passwordLogin)
                    .map(Release::tag)
                    .findFirst()
                    .orElseThrow();
            throw InstallerException.badInput(
                    "--password: Reflector " + version.label() + " has no password login (it came " + "in " + withLogin
                            + "); leave out --reflector-version for the installer's default, or --password");
        }
        return version;
    }

    /** A checkout: the three image sources beside the compose file, as upstream's repository has them. */
    static boolean isCheckout(Path dir) {
        return Files.isRegularFile(dir.resolve("server/Dockerfile"))
                && Files.isRegularFile(dir.resolve("www/Dockerfile"))
                && Files.isDirectory(dir.resolve("gpu/self_hosted"));
    }

    /** What the root .env recorded at install, exactly as written (the user may have pointed it elsewhere). */
    static Optional<ReflectorVersion> recorded(EnvFile rootEnv) {
        Optional<String> ref = rootEnv.get(VERSION_KEY).filter(value -> !value.isEmpty());
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        ReflectorVersion.Kind kind = ref.get().equals(ReflectorVersion.CHECKOUT_REF)
                ? ReflectorVersion.Kind.CHECKOUT
                : ReflectorVersion.isRelease(ref.get()) ? ReflectorVersion.Kind.RELEASE : ReflectorVersion.Kind.COMMIT;
        BuildSources sources = new BuildSources(
                movedUpstream(rootEnv.get(MODEL_CONTEXT_KEY).orElse("")),
                movedUpstream(rootEnv.get(SERVER_CONTEXT_KEY).orElse("")),
                movedUpstream(rootEnv.get(WEB_CONTEXT_KEY).orElse("")));
        if (sources.modelContext().isEmpty()
                || sources.serverContext().isEmpty()
                || sources.webContext().isEmpty()) {
            return Optional.empty();
        }
        String tag =
                rootEnv.get(IMAGE_TAG_KEY).filter(value -> !value.isEmpty()).orElse(ref.get());
        return Optional.of(new ReflectorVersion(kind, ref.get(), tag, sources));
    }

    /** Upstream's repository was renamed: contexts recorded under its former name build from the new one. */
    private static String movedUpstream(String context) {
        return context.startsWith(BuildSources.FORMER_UPSTREAM_REPOSITORY + "#")
                ? BuildSources.UPSTREAM_REPOSITORY + context.substring(BuildSources.FORMER_UPSTREAM_REPOSITORY.length())
                : context;
    }

    private ReflectorVersion requested(String ref, boolean build) {
        if (ReflectorVersion.isRelease(ref)) {
            Releases.refusal(ref).ifPresent(why -> {
                throw InstallerException.badInput("--reflector-version: " + why);
            });
            return ReflectorVersion.release(ref, BuildSources.UPSTREAM_REPOSITORY);
        }
        if (ref.equals("latest")) {
            throw InstallerException.badInput("--reflector-version: 'latest' moves; give a release tag ("
                    + Releases.deployableTags() + "), or a branch or commit with --build");
        }
        refuseBrokenCommit(ref);
        if (!build) {
            throw InstallerException.badInput("--reflector-version: images are published for release tags ("
                    + Releases.deployableTags() + ") only; a branch or commit '" + ref + "' needs --build");
        }
        return commitOf(BuildSources.UPSTREAM_REPOSITORY, ref);
    }

    /**
     * A checkout at a release tag the table knows pulls that release's images and builds only the
     * model server from the checkout, as the original script pulled rather than built; any other
     * commit is built from the checkout, with --build too.
     */
    private ReflectorVersion fromCheckout(Path dir, boolean build) {
        Optional<GitCheckout.Head> head = checkoutHead.apply(dir);
        if (head.isPresent()) {
            if (head.get().commit().equals(Releases.BROKEN_COMMIT)) {
                throw InstallerException.badInput(brokenCommit("this checkout is at"));
            }
            List<String> releaseTags = head.get().tags().stream()
                    .filter(ReflectorVersion::isRelease)
                    .toList();
            Optional<Release> release = releaseTags.stream()
                    .map(Releases::find)
                    .flatMap(Optional::stream)
                    .reduce((first, later) -> later);
            if (release.isEmpty() && !releaseTags.isEmpty()) {
                throw InstallerException.badInput("this checkout is at " + releaseTags.get(0) + ": "
                        + Releases.refusal(releaseTags.get(0)).orElseThrow());
            }
            if (release.isPresent() && !build) {
                return ReflectorVersion.releaseInCheckout(release.get().tag(), BuildSources.checkout("."));
            }
        }
        return ReflectorVersion.checkout(BuildSources.checkout("."));
    }

    private static void refuseBrokenCommit(String ref) {
        if (Releases.isBrokenCommit(ref)) {
            throw InstallerException.badInput(brokenCommit("--reflector-version:"));
        }
    }

    private static String brokenCommit(String what) {
        return what + " " + Releases.BROKEN_COMMIT.substring(0, 8) + ", which is in no release and whose database "
                + "migrations cannot run (two heads: the server would start on an empty schema); "
                + Releases.DEFAULT_TAG + " is the same code, released";
    }

    private ReflectorVersion fromSource(String source, Optional<String> requested) {
        if (!BuildSources.isGitUrl(source)) {
            return ReflectorVersion.checkout(BuildSources.checkout(Path.of(source)));
        }
        int hash = source.indexOf('#');
        String repository = hash < 0 ? source : source.substring(0, hash);
        Optional<String> inUrl = hash < 0 ? Optional.empty() : Optional.of(source.substring(hash + 1));
        if (inUrl.isPresent() && requested.isPresent() && !inUrl.equals(requested)) {
            throw InstallerException.badInput(
                    "--reflector-version: differs from the ref in --source; give one of them");
        }
        String ref = inUrl.or(() -> requested).orElse(Releases.DEFAULT_TAG);
        refuseBrokenCommit(ref);
        return commitOf(repository, ref);
    }

    private ReflectorVersion commitOf(String repository, String ref) {
        if (ReflectorVersion.isCommit(ref)) {
            return ReflectorVersion.commit(ref, repository);
        }
        if (!GIT_REF.matcher(ref).matches() || ref.contains("..")) {
            throw InstallerException.badInput(
                    "--reflector-version: '" + ref + "' is not a release tag, branch or full " + "40-character commit");
        }
        String commit = refResolver
                .apply(repository, ref)
                .orElseThrow(() -> InstallerException.badInput(
                        "--reflector-version: the repository has no branch or tag '" + ref + "'"));
        refuseBrokenCommit(commit);
        return ReflectorVersion.commit(commit, repository);
    }
}
