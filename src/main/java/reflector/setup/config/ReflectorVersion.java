package reflector.setup.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one Reflector version of a deployment: the backend and frontend image tag and the build
 * sources of all three images come from it.
 *
 * <ul>
 * <li>RELEASE: a tag of the release table ({@link Releases}), such as v0.35.0. Upstream publishes the
 * backend and frontend images with that tag, so they are pulled; the model server (no image of it
 * is published) is built from the tag, or from a checkout that is at the tag.</li>
 * <li>COMMIT: a commit of the repository (a branch is resolved to one at install). No image is
 * published for it: all three are built from it.</li>
 * <li>CHECKOUT: the Reflector checkout the deployment directory is (server/, www/ and
 * gpu/self_hosted/ beside the compose file): all three are built from it, as the original
 * installer did.</li>
 * </ul>
 *
 * @param ref      what is recorded in the root .env: the tag, the full commit or "checkout"
 * @param imageTag the tag of the backend and frontend images
 */
public record ReflectorVersion(Kind kind, String ref, String imageTag, BuildSources sources) {
    public enum Kind {
        RELEASE,
        COMMIT,
        CHECKOUT
    }

    public static final String CHECKOUT_REF = "checkout";

    private static final Pattern RELEASE = Pattern.compile("v(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    public static ReflectorVersion release(String tag, String repository) {
        return new ReflectorVersion(Kind.RELEASE, tag, tag, BuildSources.git(repository, tag));
    }

    public static ReflectorVersion commit(String sha, String repository) {
        return new ReflectorVersion(Kind.COMMIT, sha, "git-" + sha.substring(0, 12), BuildSources.git(repository, sha));
    }

    /** A release whose images are pulled, with the model server built from the checkout that is at its tag. */
    public static ReflectorVersion releaseInCheckout(String tag, BuildSources checkout) {
        return new ReflectorVersion(Kind.RELEASE, tag, tag, checkout);
    }

    public static ReflectorVersion checkout(BuildSources sources) {
        return new ReflectorVersion(Kind.CHECKOUT, CHECKOUT_REF, CHECKOUT_REF, sources);
    }

    public static ReflectorVersion defaultVersion() {
        return release(Releases.DEFAULT_TAG, BuildSources.UPSTREAM_REPOSITORY);
    }

    public static boolean isRelease(String ref) {
        return RELEASE.matcher(ref).matches();
    }

    public static boolean isCommit(String ref) {
        return COMMIT.matcher(ref).matches();
    }

    /** Images are published for release tags only; everything else is built here. */
    public boolean mustBuild() {
        return kind != Kind.RELEASE;
    }

    /** The release table's entry for this version; empty for a commit or a checkout. */
    public Optional<Release> release() {
        return kind == Kind.RELEASE ? Releases.find(ref) : Optional.empty();
    }

    /** Whether this version has the self-hosted password login; empty when not known. */
    public Optional<Boolean> hasPasswordLogin() {
        return release().map(Release::passwordLogin);
    }

    /** For people: "v0.35.0", "commit 0123456789ab", "the checkout in this directory". */
    public String label() {
        return switch (kind) {
            case RELEASE -> ref;
            case COMMIT -> "commit " + ref.substring(0, 12);
            case CHECKOUT -> "the Reflector checkout in the deployment directory";
        };
    }

    /**
     * What a user should know about deploying this version, said on every run; empty for a
     * release whose images are pulled.
     */
    public Optional<String> caveat() {
        return switch (kind) {
            case RELEASE -> Optional.empty();
            case COMMIT -> Optional.of(label() + " is no release: its images are built from Git, which takes minutes, "
                    + "and its stack is taken to be the " + Releases.CARRIED_STACK
                    + " one (the schema check judges its "
                    + "migrations); releases: " + Releases.deployableTags());
            case CHECKOUT -> Optional.of(
                    "the images are built from the checkout in this directory, which takes minutes: "
                            + "a checkout at a release tag this installer knows (" + Releases.deployableTags()
                            + ") pulls that release's images instead");
        };
    }

    /** Compares two release tags numerically: negative, zero or positive. */
    public static int compare(String left, String right) {
        Matcher a = RELEASE.matcher(left);
        Matcher b = RELEASE.matcher(right);
        if (!a.matches() || !b.matches()) {
            throw new IllegalArgumentException("not release tags: " + left + ", " + right);
        }
        for (int group = 1; group <= 3; group++) {
            int difference = Integer.compare(Integer.parseInt(a.group(group)), Integer.parseInt(b.group(group)));
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }
}
