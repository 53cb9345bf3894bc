package reflector.setup.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The release table: the upstream releases this installer deploys, the ones it knows of but
 * cannot deploy, and the default. Help, completion, -V, the JSON documents and docs/deployment.md take
 * their lists from here. Facts from upstream's tags (GreyhavenHQ/reflector): the migration heads
 * are alembic's heads of each tag's server/migrations, the compose hashes those of its
 * docker-compose.selfhosted.yml.
 */
public final class Releases {
    /** The stack this installer carries: its compose file and templates are the bundle. */
    public static final String CARRIED_STACK = "0.35";

    private static final String COMPOSE_V034 = "77e807587fe4b4146081026dd4e77a671e29f5b96c8ddcf3acada59664bd76d1";
    private static final String COMPOSE_V035 = "f4187cfc41607a689a23a883df789be93fe525e07f70513fdd597d9693ee36c0";

    private static final List<Release> DEPLOYABLE = List.of(
            new Release("v0.34.0", CARRIED_STACK, "623af934249a", false, COMPOSE_V034),
            new Release("v0.35.0", CARRIED_STACK, "e1f093f7f124", true, COMPOSE_V035),
            new Release("v0.35.1", CARRIED_STACK, "e1f093f7f124", true, COMPOSE_V035),
            new Release("v0.36.0", CARRIED_STACK, "e1f093f7f124", true, COMPOSE_V035));

    /** Published releases whose stack (Hatchet from v0.39.0, new ports and services) this installer does not carry. */
    private static final List<String> NOT_CARRIED = List.of(
            "v0.37.0", "v0.38.0", "v0.38.1", "v0.38.2", "v0.39.0", "v0.40.0", "v0.41.0", "v0.42.0", "v0.43.0",
            "v0.44.0", "v0.45.0");

    /** What a new install deploys. */
    public static final String DEFAULT_TAG = "v0.35.0";

    /**
     * Upstream's commit "Single user/password for selfhosted", which earlier reflector-setup versions
     * deployed. Its migrations have two heads, so the server starts on an empty schema; the same
     * code was released as v0.35.0.
     */
    public static final String BROKEN_COMMIT = "bfa1071839250c6e5e7a936c7443b531916e0feb";
    /** The release of {@link #BROKEN_COMMIT}'s code with its migrations fixed, where a plain upgrade moves it. */
    public static final String BROKEN_COMMIT_RELEASED_AS = "v0.35.0";

    private Releases() {}

    public static List<Release> deployable() {
        return DEPLOYABLE;
    }

    public static Release defaultRelease() {
        return find(DEFAULT_TAG).orElseThrow();
    }

    public static Optional<Release> find(String tag) {
        return DEPLOYABLE.stream().filter(release -> release.tag().equals(tag)).findFirst();
    }

    /** The release whose upstream compose file is exactly this text's hash, if any. */
    public static Optional<Release> byUpstreamCompose(String sha256) {
        return DEPLOYABLE.stream()
                .filter(release -> release.upstreamComposeSha256().equals(sha256))
                .findFirst();
    }

    /** "v0.34.0, v0.35.0, v0.35.1, v0.36.0" */
    public static String deployableTags() {
        return DEPLOYABLE.stream().map(Release::tag).collect(Collectors.joining(", "));
    }

    public static boolean isBrokenCommit(String ref) {
        return ref.length() >= 7 && BROKEN_COMMIT.startsWith(ref.toLowerCase(Locale.ROOT));
    }

    /**
     * Why a release tag cannot be deployed, for a one-line refusal; empty when it can.
     * Tags that are no release tag at all are the caller's to judge.
     */
    public static Optional<String> refusal(String tag) {
        if (find(tag).isPresent()) {
            return Optional.empty();
        }
        String supported = "this reflector-setup deploys " + deployableTags() + " (default " + DEFAULT_TAG + ")";
        if (ReflectorVersion.compare(tag, DEPLOYABLE.get(0).tag()) < 0) {
            return Optional.of(tag + " predates the self-hosted stack, which first appears in "
                    + DEPLOYABLE.get(0).tag() + "; " + supported);
        }
        if (NOT_CARRIED.contains(tag)) {
            return Optional.of(tag + " runs in a newer stack than the " + CARRIED_STACK + " stack this reflector-setup "
                    + "carries (from v0.39.0 the backend needs Hatchet); " + supported);
        }
        String newest = NOT_CARRIED.get(NOT_CARRIED.size() - 1);
        if (ReflectorVersion.compare(tag, newest) > 0) {
            return Optional.of(tag + " is newer than any release this reflector-setup knows (" + newest
                    + "): a newer reflector-setup is needed; " + supported);
        }
        return Optional.of(tag + " is not a Reflector release; " + supported);
    }
}
