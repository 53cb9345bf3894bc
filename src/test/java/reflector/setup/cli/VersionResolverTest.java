package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.core.InstallerException;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.BuildSources;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.envfile.EnvFile;

/** One Reflector version per deployment: chosen explicitly, recorded, and never moved by a re-run. */
class VersionResolverTest {
    static final String MAIN_HEAD = "0123456789abcdef0123456789abcdef01234567";
    static final EnvFile NOTHING_RECORDED = EnvFile.parse("");

    @TempDir
    Path dir;

    final List<String> lookups = new ArrayList<>();
    final VersionResolver resolver = new VersionResolver((repository, ref) -> {
        lookups.add(repository + " " + ref);
        return ref.equals("main") ? Optional.of(MAIN_HEAD) : Optional.empty();
    });

    ReflectorVersion resolve(String requested, boolean build) {
        return resolver.resolve(dir, Optional.ofNullable(requested), Optional.empty(), build, AuthRequest.Mode.KEEP,
                NOTHING_RECORDED);
    }

    @Test
    void theDefaultHasTheSelfHostedStackAndPasswordLoginAndIsBuilt() {
        ReflectorVersion version = resolve(null, false);
        assertEquals(ReflectorVersion.DEFAULT_COMMIT, version.ref());
        assertEquals(Optional.of(true), version.hasPasswordLogin());
        assertTrue(version.mustBuild());
        assertEquals(BuildSources.git(BuildSources.UPSTREAM_REPOSITORY, ReflectorVersion.DEFAULT_COMMIT), version.sources());
    }

    @Test
    void aReleaseIsPulledWithItsOwnTagAndItsSourcesComeFromTheSameTag() {
        ReflectorVersion version = resolve("v0.35.0", false);
        assertEquals("v0.35.0", version.imageTag());
        assertEquals(false, version.mustBuild());
        assertEquals(BuildSources.UPSTREAM_REPOSITORY + "#v0.35.0:gpu/self_hosted", version.sources().modelContext());
    }

    @Test
    void releasesBeforeTheSelfHostedStackAreRefused() {
        InstallerException e = assertThrows(InstallerException.class, () -> resolve("v0.23.2", false));
        assertTrue(e.getMessage().contains("predates the self-hosted stack"), e.getMessage());
    }

    @Test
    void aPasswordNeedsAVersionWithPasswordLogin() {
        InstallerException e = assertThrows(InstallerException.class, () -> resolver.resolve(dir, Optional.of("v0.34.0"),
                Optional.empty(), false, AuthRequest.Mode.PASSWORD, NOTHING_RECORDED));
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
        ReflectorVersion version = resolver.resolve(dir, Optional.empty(), Optional.empty(), false, AuthRequest.Mode.KEEP,
                recorded);
        assertEquals("v0.35.0", version.ref());
        assertEquals("./mine", version.sources().modelContext());
    }

    @Test
    void aCheckoutIsItsOwnVersion() throws Exception {
        for (String file : List.of("server/Dockerfile", "www/Dockerfile", "gpu/self_hosted/Dockerfile")) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), "FROM scratch\n");
        }
        ReflectorVersion version = resolve(null, false);
        assertEquals(ReflectorVersion.Kind.CHECKOUT, version.kind());
        assertEquals(BuildSources.checkout("."), version.sources());
    }

    @Test
    void aGitSourceIsResolvedAgainstItsOwnRepository() {
        ReflectorVersion version = resolver.resolve(dir, Optional.empty(), Optional.of("https://git.example.com/fork.git#main"),
                true, AuthRequest.Mode.KEEP, NOTHING_RECORDED);
        assertEquals(MAIN_HEAD, version.ref());
        assertEquals("https://git.example.com/fork.git#" + MAIN_HEAD + ":server", version.sources().serverContext());
    }

    @Test
    void lsRemoteOutputPrefersTheBranchThenThePeeledTag() {
        String output = "1111111111111111111111111111111111111111\trefs/tags/v1\n"
                + "2222222222222222222222222222222222222222\trefs/tags/v1^{}\n";
        assertEquals(Optional.of("2222222222222222222222222222222222222222"), GitRemote.pick(output, "v1"));
        assertEquals(Optional.of("3333333333333333333333333333333333333333"),
                GitRemote.pick(output + "3333333333333333333333333333333333333333\trefs/heads/v1\n", "v1"));
        assertEquals(Optional.empty(), GitRemote.pick("", "main"));
    }
}
