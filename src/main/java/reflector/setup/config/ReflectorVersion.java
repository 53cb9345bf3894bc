package reflector.setup.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one Reflector version of a deployment: the backend and frontend image tag and the build
 * sources of all three images come from it.
 *
 * <ul>
 * <li>RELEASE: a tag such as v0.34.0. Upstream publishes the backend and frontend images with that
 * tag, so they are pulled; the model server is built from the tag.</li>
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
    public enum Kind { RELEASE, COMMIT, CHECKOUT }

    /**
     * The default: upstream's commit "Single user/password for selfhosted", one after v0.34.0. The
     * self-hosted stack first appears in v0.34.0, and password login in no release up to it.
     */
    public static final String DEFAULT_COMMIT = "bfa1071839250c6e5e7a936c7443b531916e0feb";
    public static final String FIRST_SELF_HOSTED_RELEASE = "v0.34.0";
    /** The last release known to lack password login (it came right after). */
    public static final String LAST_RELEASE_WITHOUT_PASSWORD_LOGIN = "v0.34.0";
    public static final String CHECKOUT_REF = "checkout";

    private static final Pattern RELEASE = Pattern.compile("v(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    public static ReflectorVersion release(String tag, String repository) {
        return new ReflectorVersion(Kind.RELEASE, tag, tag, BuildSources.git(repository, tag));
    }

    public static ReflectorVersion commit(String sha, String repository) {
        return new ReflectorVersion(Kind.COMMIT, sha, "git-" + sha.substring(0, 12), BuildSources.git(repository, sha));
    }

    public static ReflectorVersion checkout(BuildSources sources) {
        return new ReflectorVersion(Kind.CHECKOUT, CHECKOUT_REF, CHECKOUT_REF, sources);
    }

    public static ReflectorVersion defaultVersion() {
        return commit(DEFAULT_COMMIT, BuildSources.UPSTREAM_REPOSITORY);
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

    /** Whether this version has the self-hosted password login; empty when not known. */
    public Optional<Boolean> hasPasswordLogin() {
        if (kind == Kind.RELEASE) {
            return compare(ref, LAST_RELEASE_WITHOUT_PASSWORD_LOGIN) <= 0 ? Optional.of(false) : Optional.empty();
        }
        return ref.equals(DEFAULT_COMMIT) ? Optional.of(true) : Optional.empty();
    }

    /** For people: "v0.34.0", "commit bfa107183925", "the checkout in this directory". */
    public String label() {
        return switch (kind) {
            case RELEASE -> ref;
            case COMMIT -> "commit " + ref.substring(0, 12) + (ref.equals(DEFAULT_COMMIT) ? " (v0.34.0 + password login)" : "");
            case CHECKOUT -> "the Reflector checkout in the deployment directory";
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
