package reflector.setup.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.Settings;
import reflector.setup.files.Workspace;
import reflector.setup.garage.FakeGarageAdminServer;
import reflector.setup.output.Console;
import reflector.setup.output.Verbosity;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.support.EnvFiles;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.FakeDocker.Call;
import reflector.setup.support.SettingsBuilder;

/**
 * The storage step with --garage, against an in-memory Docker whose `compose up garage` starts the
 * in-process stand-in of Garage's admin API v1 (FakeGarageAdminServer, written to the documented
 * interface) with the admin token from data/garage.toml, as the real container would read it.
 */
class GarageStorageTest {
    @TempDir
    Path dir;

    final FakeDocker docker = new FakeDocker();
    FakeGarageAdminServer garage;

    @BeforeEach
    void garageStartsOnComposeUp() {
        docker.onUp = services -> {
            if (garage == null) {
                try {
                    String toml = Files.readString(dir.resolve(DeploymentFiles.GARAGE_CONFIG));
                    garage = new FakeGarageAdminServer(
                            GarageConfig.adminToken(toml).orElseThrow());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @AfterEach
    void stop() {
        if (garage != null) {
            garage.close();
        }
    }

    void run() throws Exception {
        Settings settings =
                SettingsBuilder.cpu(dir).garage().publicIp(Optional.empty()).build();
        StepContext context = new StepContext(
                settings,
                new Workspace(dir, false),
                new Console(new PrintWriter(new StringWriter()), Verbosity.NORMAL, false),
                () -> docker,
                new SecureRandom(),
                Clock.systemUTC(),
                new RunReport(),
                SecretMasker.empty());
        for (Step step : List.of(new BundleStep(), new StorageStep(ports -> garage.baseUrl()))) {
            context.begin(context.report().start(step.name()));
            step.run(context);
            context.flushFiles();
        }
    }

    String server(String key) {
        return EnvFiles.value(dir.resolve(DeploymentFiles.SERVER_ENV), key);
    }

    @Test
    void aFreshInstallProvisionsGarageAndWritesTheKey() throws Exception {
        run();
        assertEquals("http://garage:3900", server("TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL"));
        assertEquals("reflector-media", server("TRANSCRIPT_STORAGE_AWS_BUCKET_NAME"));
        assertEquals("garage", server("TRANSCRIPT_STORAGE_AWS_REGION"));
        assertTrue(server("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID").startsWith("GK"));
        assertTrue(server("TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY").matches("[0-9a-f]{64}"));
        assertEquals(
                List.of(Call.of("up", "garage"), Call.of("config")),
                docker.calls,
                "garage alone is started, then asked where the compose file publishes its admin port");
        Path toml = dir.resolve(DeploymentFiles.GARAGE_CONFIG);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(toml)));
        assertTrue(Files.readString(toml).matches("(?s).*rpc_secret = \"[0-9a-f]{64}\".*"));
    }

    @Test
    void aLostServerEnvGetsTheSameCredentialsBack() throws Exception {
        run();
        String id = server("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID");
        String secret = server("TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY");
        String toml = Files.readString(dir.resolve(DeploymentFiles.GARAGE_CONFIG));
        Files.delete(dir.resolve(DeploymentFiles.SERVER_ENV));
        run();
        assertEquals(id, server("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID"));
        assertEquals(secret, server("TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY"));
        assertEquals(toml, Files.readString(dir.resolve(DeploymentFiles.GARAGE_CONFIG)), "garage.toml is made once");
    }

    @Test
    void anOldConfigWithoutAdminTokenGetsOneAndARunningGarageIsRestarted() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        String old = "metadata_dir = \"/var/lib/garage/meta\"\nrpc_secret = \"" + "ab".repeat(32)
                + "\"\n\n[s3_api]\ns3_region = \"garage\"\n";
        Files.writeString(dir.resolve(DeploymentFiles.GARAGE_CONFIG), old);
        docker.containers.add(FakeDocker.container("garage", "running", "healthy"));
        run();
        String toml = Files.readString(dir.resolve(DeploymentFiles.GARAGE_CONFIG));
        assertTrue(toml.startsWith(old), "the existing lines are kept:\n" + toml);
        assertTrue(toml.contains("\n[admin]\napi_bind_addr = \"[::]:3903\"\nadmin_token = \""), toml);
        assertEquals(
                List.of(Call.of("up", "garage"), Call.of("restart", "id-garage"), Call.of("config")), docker.calls);
        assertTrue(server("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID").startsWith("GK"));
    }

    @Test
    void aRunningGarageThatAnswersIsNotStartedAgain() throws Exception {
        run();
        docker.containers.add(FakeDocker.container("garage", "running", "healthy"));
        docker.calls.clear();
        String id = server("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID");
        run();
        assertEquals(List.of(Call.of("config")), docker.calls, "only asked where its admin port is published");
        assertEquals(id, server("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID"));
    }

    @Test
    void aRunningGarageThatDoesNotAnswerIsStartedByCompose() throws Exception {
        run();
        docker.containers.add(FakeDocker.container("garage", "running", "healthy"));
        docker.calls.clear();
        garage.close(); // its address now refuses connections
        docker.onUp = services -> {
            try {
                garage = new FakeGarageAdminServer(
                        GarageConfig.adminToken(Files.readString(dir.resolve(DeploymentFiles.GARAGE_CONFIG)))
                                .orElseThrow());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        run();
        assertTrue(docker.calls.contains(Call.of("up", "garage")), docker.calls.toString());
    }

    @Test
    void anEmptyDirectoryAtTheConfigPathIsReplaced() throws Exception {
        Files.createDirectories(dir.resolve(DeploymentFiles.GARAGE_CONFIG));
        run();
        assertTrue(Files.isRegularFile(dir.resolve(DeploymentFiles.GARAGE_CONFIG)));
    }
}
