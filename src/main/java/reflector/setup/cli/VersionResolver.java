package reflector.setup.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import reflector.setup.core.InstallerException;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.BuildSources;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.envfile.EnvFile;

/**
 * Chooses the deployment's Reflector version. A re-run keeps what was recorded at install (the
 * root .env): it never upgrades by itself. Otherwise: --source, --reflector-version, the checkout
 * the directory is, or the installer's default, in that order.
 */
final class VersionResolver {
    static final String VERSION_KEY = "REFLECTOR_VERSION";
    static final String IMAGE_TAG_KEY = "REFLECTOR_IMAGE_TAG";
    static final String MODEL_CONTEXT_KEY = "REFLECTOR_MODEL_CONTEXT";
    static final String SERVER_CONTEXT_KEY = "REFLECTOR_SERVER_CONTEXT";
    static final String WEB_CONTEXT_KEY = "REFLECTOR_WEB_CONTEXT";
    private static final Pattern GIT_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");

    private final BiFunction<String, String, Optional<String>> refResolver;

    /** @param refResolver (repository, branch or tag) to its commit: `git ls-remote` outside tests */
    VersionResolver(BiFunction<String, String, Optional<String>> refResolver) {
        this.refResolver = refResolver;
    }

    ReflectorVersion resolve(Path dir, Optional<String> requested, Optional<String> source, boolean build,
            AuthRequest.Mode auth, EnvFile rootEnv) {
        ReflectorVersion version;
        if (source.isPresent()) {
            if (requested.isPresent() && !BuildSources.isGitUrl(source.get())) {
                throw InstallerException.badInput("--reflector-version: not with --source DIR (the checkout is the version)");
            }
            version = fromSource(source.get(), requested);
        } else if (requested.isPresent()) {
            version = requested(requested.get(), build);
        } else {
            Optional<ReflectorVersion> recorded = recorded(rootEnv);
            if (recorded.isPresent()) {
                return recorded.get();
            }
            version = isCheckout(dir) ? ReflectorVersion.checkout(BuildSources.checkout("."))
                    : ReflectorVersion.defaultVersion();
        }
        if (auth == AuthRequest.Mode.PASSWORD && version.hasPasswordLogin().equals(Optional.of(false))) {
            throw InstallerException.badInput("--password: Reflector " + version.label() + " has no password login (it came "
                    + "after " + ReflectorVersion.LAST_RELEASE_WITHOUT_PASSWORD_LOGIN + "); leave out --reflector-version "
                    + "for the installer's default, or --password");
        }
        return version;
    }

    /** A checkout: the three image sources beside the compose file, as upstream's repository has them. */
    static boolean isCheckout(Path dir) {
        return Files.isRegularFile(dir.resolve("server/Dockerfile")) && Files.isRegularFile(dir.resolve("www/Dockerfile"))
                && Files.isDirectory(dir.resolve("gpu/self_hosted"));
    }

    /** What the root .env recorded at install, exactly as written (the user may have pointed it elsewhere). */
    static Optional<ReflectorVersion> recorded(EnvFile rootEnv) {
        Optional<String> ref = rootEnv.get(VERSION_KEY).filter(value -> !value.isEmpty());
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        ReflectorVersion.Kind kind = ref.get().equals(ReflectorVersion.CHECKOUT_REF) ? ReflectorVersion.Kind.CHECKOUT
                : ReflectorVersion.isRelease(ref.get()) ? ReflectorVersion.Kind.RELEASE : ReflectorVersion.Kind.COMMIT;
        BuildSources sources = new BuildSources(rootEnv.get(MODEL_CONTEXT_KEY).orElse(""),
                rootEnv.get(SERVER_CONTEXT_KEY).orElse(""), rootEnv.get(WEB_CONTEXT_KEY).orElse(""));
        if (sources.modelContext().isEmpty() || sources.serverContext().isEmpty() || sources.webContext().isEmpty()) {
            return Optional.empty();
        }
        String tag = rootEnv.get(IMAGE_TAG_KEY).filter(value -> !value.isEmpty()).orElse(ref.get());
        return Optional.of(new ReflectorVersion(kind, ref.get(), tag, sources));
    }

    private ReflectorVersion requested(String ref, boolean build) {
        if (ReflectorVersion.isRelease(ref)) {
            if (ReflectorVersion.compare(ref, ReflectorVersion.FIRST_SELF_HOSTED_RELEASE) < 0) {
                throw InstallerException.badInput("--reflector-version: " + ref + " predates the self-hosted stack, which "
                        + "first appears in " + ReflectorVersion.FIRST_SELF_HOSTED_RELEASE);
            }
            return ReflectorVersion.release(ref, BuildSources.UPSTREAM_REPOSITORY);
        }
        if (ref.equals("latest")) {
            throw InstallerException.badInput("--reflector-version: 'latest' moves; give a release tag such as "
                    + ReflectorVersion.FIRST_SELF_HOSTED_RELEASE + ", or a branch or commit with --build");
        }
        if (!build) {
            throw InstallerException.badInput("--reflector-version: images are published for release tags (vX.Y.Z) only; "
                    + "a branch or commit '" + ref + "' needs --build");
        }
        return commitOf(BuildSources.UPSTREAM_REPOSITORY, ref);
    }

    private ReflectorVersion fromSource(String source, Optional<String> requested) {
        if (!BuildSources.isGitUrl(source)) {
            return ReflectorVersion.checkout(BuildSources.checkout(Path.of(source)));
        }
        int hash = source.indexOf('#');
        String repository = hash < 0 ? source : source.substring(0, hash);
        Optional<String> inUrl = hash < 0 ? Optional.empty() : Optional.of(source.substring(hash + 1));
        if (inUrl.isPresent() && requested.isPresent() && !inUrl.equals(requested)) {
            throw InstallerException.badInput("--reflector-version: differs from the ref in --source; give one of them");
        }
        String ref = inUrl.or(() -> requested).orElse(ReflectorVersion.DEFAULT_COMMIT);
        return commitOf(repository, ref);
    }

    private ReflectorVersion commitOf(String repository, String ref) {
        if (ReflectorVersion.isCommit(ref)) {
            return ReflectorVersion.commit(ref, repository);
        }
        if (!GIT_REF.matcher(ref).matches() || ref.contains("..")) {
            throw InstallerException.badInput("--reflector-version: '" + ref + "' is not a release tag, branch or full "
                    + "40-character commit");
        }
        String commit = refResolver.apply(repository, ref).orElseThrow(() -> InstallerException.badInput(
                "--reflector-version: the repository has no branch or tag '" + ref + "'"));
        return ReflectorVersion.commit(commit, repository);
    }
}
