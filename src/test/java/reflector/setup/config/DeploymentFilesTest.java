package reflector.setup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.text.Sha256;

/** Upstream's compose file in a checkout stays upstream's: the installer's goes beside it. */
class DeploymentFilesTest {
    static final String UPSTREAMS = "services:\n  server:\n    image: monadicalsas/reflector-backend:latest\n";

    @TempDir
    Path dir;

    /** Stands for the release table's hashes: upstream's real files are not copied into this repository. */
    final Predicate<String> upstream = Sha256.hex(UPSTREAMS)::equals;

    @Test
    void aDirectoryWithoutUpstreamsFileUsesTheUsualName() throws Exception {
        assertEquals(DeploymentFiles.COMPOSE_FILE, DeploymentFiles.composeFile(dir, upstream));
        Files.writeString(dir.resolve(DeploymentFiles.COMPOSE_FILE), UPSTREAMS + "# edited\n");
        assertEquals(
                DeploymentFiles.COMPOSE_FILE,
                DeploymentFiles.composeFile(dir, upstream),
                "an edited copy is the user's");
    }

    @Test
    void upstreamsOwnFileAtAReleaseIsLeftAloneAndTheInstallersGoesBesideIt() throws Exception {
        Files.writeString(dir.resolve(DeploymentFiles.COMPOSE_FILE), UPSTREAMS);
        assertEquals(DeploymentFiles.CHECKOUT_COMPOSE_FILE, DeploymentFiles.composeFile(dir, upstream));
    }

    @Test
    void onceTheInstallersFileIsBesideItItStaysTheOneWhateverUpstreamsBecomes() throws Exception {
        Files.writeString(dir.resolve(DeploymentFiles.COMPOSE_FILE), "services: {}\n");
        Files.writeString(dir.resolve(DeploymentFiles.CHECKOUT_COMPOSE_FILE), "services: {}\n");
        assertEquals(DeploymentFiles.CHECKOUT_COMPOSE_FILE, DeploymentFiles.composeFile(dir, upstream));
    }

    @Test
    void theTableKnowsUpstreamsFilesOfItsReleases() {
        assertEquals(
                "v0.34.0",
                Releases.byUpstreamCompose("77e807587fe4b4146081026dd4e77a671e29f5b96c8ddcf3acada59664bd76d1")
                        .orElseThrow()
                        .tag());
        assertEquals(
                "v0.35.0",
                Releases.byUpstreamCompose("f4187cfc41607a689a23a883df789be93fe525e07f70513fdd597d9693ee36c0")
                        .orElseThrow()
                        .tag());
    }
}
