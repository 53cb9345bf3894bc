package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.BuildSources;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.config.Release;
import reflector.setup.config.Releases;
import reflector.setup.core.InstallerException;
import reflector.setup.envfile.EnvFile;

/** One Reflector version per deployment: chosen explicitly, recorded, and never moved by a re-run. */
class VersionResolverTest {
    static final String MAIN_HEAD = "0123456789abcdef0123456789abcdef01234567";
    static final EnvFile NOTHING_RECORDED = EnvFile.parse("");

    @TempDir
    Path dir;

    final List<String> lookups = new ArrayList<>();
    /** What the checkout in {@code dir} is at; empty: no Git work tree. */
    Optional<GitCheckout.Head> head = Optional.empty();

    final VersionResolver resolver = new VersionResolver(
            (repository, ref) -> {
                lookups.add(repository + " " + ref);
                return ref.equals("main")
                        ? Optional.of(MAIN_HEAD)
                        : ref.equals("broken") ? Optional.of(Releases.BROKEN_COMMIT) : Optional.empty();
            },
            directory -> head);

    ReflectorVersion resolve(String requested, boolean build) {
        return resolver.resolve(
                dir, Optional.ofNullable(requested), Optional.empty(), build, AuthRequest.Mode.KEEP, NOTHING_RECORDED);
    }

    @Test
    void theDefaultIsReleaseV035PulledWithPasswordLogin() {
        ReflectorVersion version = resolve(null, false);
        assertEquals("v0.35.0", version.ref());
        assertEquals(ReflectorVersion.Kind.RELEASE, version.kind());
        assertEquals(Optional.of(true), version.hasPasswordLogin());
        assertFalse(version.mustBuild());
        assertEquals(Optional.of("e1f093f7f124"), version.release().map(Release::migrationHead));
        assertEquals(BuildSources.git("https://github.com/GreyhavenHQ/reflector.git", "v0.35.0"), version.sources());
        assertEquals(Optional.empty(), version.caveat());
    }

    @Test
    void onlyTheReleasesOfTheTableAreDeployedAndEveryOtherTagIsRefusedSayingWhy() {
        for (String tag : List.of("v0.34.0", "v0.35.0", "v0.35.1", "v0.36.0")) {
            assertEquals(tag, resolve(tag, false).imageTag());
        }
        assertRefused("v0.37.0", "newer stack", "v0.34.0, v0.35.0, v0.35.1, v0.36.0");
        assertRefused("v0.45.0", "Hatchet", "v0.34.0, v0.35.0, v0.35.1, v0.36.0");
        assertRefused("v0.46.0", "a newer reflector-setup is needed", "v0.36.0");
        assertRefused("v1.0.0", "a newer reflector-setup is needed", "v0.36.0");
        assertRefused("v0.35.7", "not a Reflector release", "v0.35.1");
        assertRefused("v0.33.0", "predates the self-hosted stack", "v0.35.0");
    }

    @Test
    void theBrokenCommitIsRefusedHoweverItIsNamed() {
        assertRefused(Releases.BROKEN_COMMIT, "two heads", "v0.35.0 is the same code");
        assertRefused("bfa10718", "two heads", "v0.35.0 is the same code");
        InstallerException resolved = assertThrows(InstallerException.class, () -> resolve("broken", true));
        assertTrue(resolved.getMessage().contains("two heads"), resolved.getMessage());
        InstallerException source = assertThrows(
                InstallerException.class,
                () -> resolver.resolve(
                        dir,
                        Optional.empty(),
                        Optional.of("https://git.example.com/fork.git#" + Releases.BROKEN_COMMIT),
                        true,
                        AuthRequest.Mode.KEEP,
                        NOTHING_RECORDED));
        assertTrue(source.getMessage().contains("two heads"), source.getMessage());
    }

    @Test
    void aCommitIsBuiltWithAWarningThatItsStackIsAGuess() {
        ReflectorVersion version = resolve(MAIN_HEAD, true);
        assertTrue(version.mustBuild());
        assertTrue(
                version.caveat().orElseThrow().contains("stack is taken to be the 0.35 one"),
                version.caveat().toString());
    }

    void assertRefused(String requested, String... fragments) {
        InstallerException e = assertThrows(InstallerException.class, () -> resolve(requested, true));
        assertEquals(2, e.exitCode().code(), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
    }

    @Test
    void aReleaseIsPulledWithItsOwnTagAndItsSourcesComeFromTheSameTag() {
        ReflectorVersion version = resolve("v0.35.0", false);
        assertEquals("v0.35.0", version.imageTag());
        assertEquals(false, version.mustBuild());
        assertEquals(
                BuildSources.UPSTREAM_REPOSITORY + "#v0.35.0:gpu/self_hosted",
                version.sources().modelContext());
    }

    @Test
    void releasesBeforeTheSelfHostedStackAreRefused() {
        InstallerException e = assertThrows(InstallerException.class, () -> resolve("v0.23.2", false));
        assertTrue(e.getMessage().contains("predates the self-hosted stack"), e.getMessage());
    }

    @Test
    void aPasswordNeedsAVersionWithPasswordLogin() {
        InstallerException e = assertThrows(
                InstallerException.class,
                () -> resolver.resolve(
                        dir,
                        Optional.of("v0.34.0"),
                        Optional.empty(),
                        false,
                        AuthRequest.Mode.PASSWORD,
                        NOTHING_RECORDED));
        assertTrue(e.getMessage().contains("has no password login"), e.getMessage());
    }

    @Test
    void aBranchNeedsBuildAndIsResolvedToItsCommitAtInstall() {
        assertThrows(InstallerException.class, () -> resolve("main", false));
        assertThrows(InstallerException.class, () -> resolve("latest", true));
        ReflectorVersion version = resolve("main", true);
        assertEquals(MAIN_HEAD, version.ref());
        assertEquals(List.of(BuildSources.UPSTREAM_REPOSITORY + " main"), lookups);
        assertThrows(InstallerException.class, () -> resolve("no-such-branch", true));
        assertThrows(InstallerException.class, () -> resolve("a..b", true));
    }

    @Test
    void whatWasRecordedIsKeptWhenNothingIsAsked() {
        EnvFile recorded = EnvFile.parse("REFLECTOR_VERSION=v0.35.0\nREFLECTOR_IMAGE_TAG=v0.35.0\n"
                + "REFLECTOR_MODEL_CONTEXT=./mine\nREFLECTOR_SERVER_CONTEXT=./server\nREFLECTOR_WEB_CONTEXT=./www\n");
        ReflectorVersion version =
                resolver.resolve(dir, Optional.empty(), Optional.empty(), false, AuthRequest.Mode.KEEP, recorded);
        assertEquals("v0.35.0", version.ref());
        assertEquals("./mine", version.sources().modelContext());
    }

    @Test
    void aCheckoutAtAnotherCommitIsBuiltFromItselfSayingSo() throws Exception {
        makeCheckout();
        head = Optional.of(new GitCheckout.Head(MAIN_HEAD, List.of("some-tag")));
        ReflectorVersion version = resolve(null, false);
        assertEquals(ReflectorVersion.Kind.CHECKOUT, version.kind());
        assertEquals(BuildSources.checkout("."), version.sources());
        assertTrue(
                version.caveat().orElseThrow().contains("takes minutes"),
                version.caveat().toString());
        head = Optional.empty();
        assertEquals(ReflectorVersion.Kind.CHECKOUT, resolve(null, false).kind(), "no Git work tree: built");
    }

    @Test
    void aCheckoutAtAReleaseTagPullsThatReleaseAndBuildsOnlyTheModelServerFromItself() throws Exception {
        makeCheckout();
        head = Optional.of(new GitCheckout.Head(MAIN_HEAD, List.of("v0.35.1")));
        ReflectorVersion version = resolve(null, false);
        assertEquals(ReflectorVersion.Kind.RELEASE, version.kind());
        assertEquals("v0.35.1", version.imageTag());
        assertFalse(version.mustBuild());
        assertEquals("./gpu/self_hosted", version.sources().modelContext());
        assertEquals(ReflectorVersion.Kind.CHECKOUT, resolve(null, true).kind(), "--build builds all three");
    }

    @Test
    void aCheckoutAtAReleaseWhoseStackIsNotCarriedOrAtTheBrokenCommitIsRefused() throws Exception {
        makeCheckout();
        head = Optional.of(new GitCheckout.Head(MAIN_HEAD, List.of("v0.45.0")));
        InstallerException newer = assertThrows(InstallerException.class, () -> resolve(null, false));
        assertTrue(newer.getMessage().startsWith("this checkout is at v0.45.0"), newer.getMessage());
        head = Optional.of(new GitCheckout.Head(Releases.BROKEN_COMMIT, List.of()));
        InstallerException broken = assertThrows(InstallerException.class, () -> resolve(null, true));
        assertTrue(broken.getMessage().contains("v0.35.0 is the same code"), broken.getMessage());
    }

    @Test
    void contextsRecordedUnderUpstreamsFormerNameBuildFromItsNewOne() {
        EnvFile recorded = EnvFile.parse("REFLECTOR_VERSION=v0.35.0\nREFLECTOR_IMAGE_TAG=v0.35.0\n"
                + "REFLECTOR_MODEL_CONTEXT=https://github.com/Monadical-SAS/reflector.git#v0.35.0:gpu/self_hosted\n"
                + "REFLECTOR_SERVER_CONTEXT=./server\nREFLECTOR_WEB_CONTEXT=./www\n");
        ReflectorVersion version =
                resolver.resolve(dir, Optional.empty(), Optional.empty(), false, AuthRequest.Mode.KEEP, recorded);
        assertEquals(
                "https://github.com/GreyhavenHQ/reflector.git#v0.35.0:gpu/self_hosted",
                version.sources().modelContext());
        assertEquals("./server", version.sources().serverContext());
    }

    void makeCheckout() throws Exception {
        for (String file : List.of("server/Dockerfile", "www/Dockerfile", "gpu/self_hosted/Dockerfile")) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), "FROM scratch\n");
        }
    }

    @Test
    void aGitSourceIsResolvedAgainstItsOwnRepository() {
        ReflectorVersion version = resolver.resolve(
                dir,
                Optional.empty(),
                Optional.of("https://git.example.com/fork.git#main"),
                true,
                AuthRequest.Mode.KEEP,
                NOTHING_RECORDED);
        assertEquals(MAIN_HEAD, version.ref());
        assertEquals(
                "https://git.example.com/fork.git#" + MAIN_HEAD + ":server",
                version.sources().serverContext());
    }

    @Test
    void lsRemoteOutputPrefersTheBranchThenThePeeledTag() {
        String output = "1111111111111111111111111111111111111111\trefs/tags/v1\n"
                + "2222222222222222222222222222222222222222\trefs/tags/v1^{}\n";
        assertEquals(Optional.of("2222222222222222222222222222222222222222"), GitRemote.pick(output, "v1"));
        assertEquals(
                Optional.of("3333333333333333333333333333333333333333"),
                GitRemote.pick(output + "3333333333333333333333333333333333333333\trefs/heads/v1\n", "v1"));
        assertEquals(Optional.empty(), GitRemote.pick("", "main"));
    }
}
