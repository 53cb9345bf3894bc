package reflector.setup.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.files.Workspace;
import reflector.setup.output.Console;
import reflector.setup.output.Verbosity;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.SettingsBuilder;

/** A newer installer brings its compose file and templates; what the user edited stays theirs. */
class BundleStepTest {
    static final String COMPOSE = DeploymentFiles.COMPOSE_FILE;

    @TempDir
    Path dir;

    final StringWriter err = new StringWriter();

    StepContext run() {
        StepContext context = new StepContext(
                SettingsBuilder.cpu(dir).build(),
                new Workspace(dir, false),
                new Console(new PrintWriter(err, true), Verbosity.NORMAL, false),
                FakeDocker::new,
                new SecureRandom(),
                Clock.systemUTC(),
                new RunReport(),
                SecretMasker.empty());
        context.begin(context.report().start("bundle"));
        new BundleStep().run(context);
        context.flushFiles();
        return context;
    }

    String compose() throws Exception {
        return Files.readString(dir.resolve(COMPOSE));
    }

    @Test
    void aFreshDirectoryGetsTheBundleWithAMarkerAndAReRunChangesNothing() throws Exception {
        run();
        assertTrue(compose().startsWith("# Written by reflector-setup"), compose());
        assertTrue(compose().endsWith(Bundle.read(COMPOSE)));
        StepContext again = run();
        assertTrue(
                again.report().steps().get(0).changes().isEmpty(),
                again.report().steps().get(0).changes().toString());
    }

    @Test
    void anUneditedFileFromAnOlderInstallerIsUpdated() throws Exception {
        run();
        String older = GeneratedFileMarker.BUNDLE.sign("services:\n  web:\n    image: old\n");
        Files.writeString(dir.resolve(COMPOSE), older);
        StepContext context = run();
        assertTrue(compose().endsWith(Bundle.read(COMPOSE)));
        assertTrue(context.report()
                .steps()
                .get(0)
                .changes()
                .contains("update " + COMPOSE + " to this installer's version (it was unedited)"));
    }

    @Test
    void theFileTheFirstReleaseWroteWithoutAMarkerIsRecognisedAndUpdated() throws Exception {
        // The first release's compose file began with this line and had `name: reflector`; its exact
        // bytes are listed in bundle-history.txt. A stand-in with another hash is the user's.
        Files.writeString(dir.resolve(COMPOSE), "# Self-hosted Reflector on one server.\nname: reflector\n");
        run();
        assertEquals("# Self-hosted Reflector on one server.\nname: reflector\n", compose());
        assertTrue(err.toString().contains(COMPOSE + " is yours"), err.toString());
    }

    @Test
    void anEditedFileIsKeptAndTheDifferenceIsNamed() throws Exception {
        run();
        String edited = compose().replace("\"127.0.0.1:3000:3000\"", "\"127.0.0.1:3001:3000\"");
        Files.writeString(dir.resolve(COMPOSE), edited);
        StepContext context = run();
        assertEquals(edited, compose());
        assertFalse(context.report().steps().get(0).changes().stream().anyMatch(change -> change.contains(COMPOSE)));
        assertTrue(err.toString().contains("differs in 2 lines"), err.toString());
    }

    @Test
    void inAnUpstreamCheckoutItsTrackedFilesStayAsTheyAreAndTheInstallersComposeFileIsBeside() throws Exception {
        String upstreamCompose = "services: {}\n";
        String upstreamTemplate = "# upstream's template\nSECRET_KEY=changeme\n";
        Files.writeString(dir.resolve(COMPOSE), upstreamCompose);
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(dir.resolve(DeploymentFiles.SERVER_ENV_TEMPLATE), upstreamTemplate);
        // Once the installer's file is beside upstream's, it is the deployment's (DeploymentFilesTest: how it gets
        // there).
        Files.writeString(
                dir.resolve(DeploymentFiles.CHECKOUT_COMPOSE_FILE),
                GeneratedFileMarker.BUNDLE.sign("# an older copy\n"));
        run();
        assertEquals(upstreamCompose, compose());
        assertEquals(upstreamTemplate, Files.readString(dir.resolve(DeploymentFiles.SERVER_ENV_TEMPLATE)));
        assertTrue(Files.readString(dir.resolve(DeploymentFiles.CHECKOUT_COMPOSE_FILE))
                .endsWith(Bundle.read(COMPOSE)));
        assertTrue(err.toString().contains(COMPOSE + " is upstream's own"), err.toString());
    }

    @Test
    void templatesReachWhatTheyRenderWithoutTheMarker() throws Exception {
        run();
        String template = Files.readString(dir.resolve(DeploymentFiles.CADDYFILE_TEMPLATE));
        assertTrue(template.startsWith("# Written by reflector-setup"));
        assertFalse(GeneratedFileMarker.BUNDLE.strip(template).contains("Written by reflector-setup"));
    }
}
