package reflector.setup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.Releases;
import reflector.setup.envfile.EnvFile;
import reflector.setup.support.CliRun;
import reflector.setup.support.DirectorySnapshot;
import reflector.setup.support.FakeDocker;

/** upgrade's plan and refusals, on a deployment configured without Docker and an in-memory Docker. */
class UpgradeCommandTest {
    @TempDir
    Path root;

    Path dir;
    final FakeDocker docker = new FakeDocker();

    @BeforeEach
    void configuredDeployment() throws Exception {
        dir = configured(Files.createDirectories(root.resolve("reflector-test")));
    }

    /** {@code dir} configured with external S3: every step that needs no Docker ran, so the deployment is complete but for its containers. */
    static Path configured(Path dir) {
        CliRun.Result install = new CliRun()
                .env("REFLECTOR_S3_SECRET_ACCESS_KEY", "s3-secret-key-value")
                .run(
                        "--cpu",
                        "--public-ip",
                        "192.0.2.10",
                        "--non-interactive",
                        "--s3-access-key-id",
                        "AKIAEXAMPLE",
                        "--s3-bucket",
                        "meetings",
                        "--s3-region",
                        "eu-west-1",
                        "--only",
                        "secrets,server-env,www-env,storage",
                        "--dir",
                        dir.toString());
        assertEquals(0, install.exitCode(), install::toString);
        return dir;
    }

    CliRun.Result upgrade(String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "upgrade";
        args[1] = "--dir";
        args[2] = dir.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return new CliRun().docker(() -> docker).run(args);
    }

    @Test
    void theInstallRecordedItsOptions() throws Exception {
        EnvFile root = EnvFile.parse(Files.readString(dir.resolve(".env")));
        assertEquals("2", root.get("REFLECTOR_SETUP_FORMAT").orElseThrow());
        assertEquals("cpu", root.get("REFLECTOR_SETUP_MODELS").orElseThrow());
        assertEquals("192.0.2.10", root.get("REFLECTOR_SETUP_PUBLIC_IP").orElseThrow());
    }

    @Test
    void aDryRunShowsTheVersionsAndImagesAndChangesNothing() throws Exception {
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result result = upgrade("--reflector-version", "v0.36.0", "--dry-run", "--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(before, DirectorySnapshot.of(dir));
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals("upgrade", json.get("command").asText());
        assertTrue(json.get("dryRun").asBoolean());
        JsonNode plan = json.get("plan");
        assertEquals(Releases.DEFAULT_TAG, plan.get("from").get("ref").asText());
        assertEquals("v0.36.0", plan.get("to").get("ref").asText());
        assertEquals(
                "monadicalsas/reflector-backend:v0.36.0",
                plan.get("images").get(0).get("to").asText());
        assertTrue(plan.get("changesAnything").asBoolean());
        boolean movesVersion = false;
        for (JsonNode change : plan.get("changes")) {
            movesVersion |= change.get("action").asText().equals("move-version")
                    && change.get("key").asText().equals("REFLECTOR_VERSION");
        }
        assertTrue(movesVersion, plan.toString());
        assertFalse(json.has("backup"), "a dry run takes no backup");
        assertTrue(docker.calls.stream().noneMatch(call -> call.is("up") || call.is("pause")), docker.calls.toString());
    }

    @Test
    void theTextPlanNamesTheMove() {
        CliRun.Result result = upgrade("--reflector-version", "v0.36.0", "--dry-run");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Reflector: " + Releases.DEFAULT_TAG + " -> v0.36.0"), result.out());
        assertTrue(result.out().contains("move Reflector from " + Releases.DEFAULT_TAG + " to v0.36.0"), result.out());
        assertTrue(result.out().contains("Dry run: nothing was changed"), result.out());
    }

    @Test
    void withNothingToChangeThereIsNoBackupAndNoInstall() throws Exception {
        // At a release (the default commit is moved by a plain upgrade, see below).
        CliRun.Result install = new CliRun()
                .env("REFLECTOR_S3_SECRET_ACCESS_KEY", "s3-secret-key-value")
                .run(
                        "--cpu",
                        "--public-ip",
                        "192.0.2.10",
                        "--non-interactive",
                        "--reflector-version",
                        "v0.35.0",
                        "--only",
                        "secrets,server-env,www-env,storage",
                        "--dir",
                        dir.toString());
        assertEquals(0, install.exitCode(), install::toString);
        CliRun.Result result = upgrade("--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertFalse(json.get("plan").get("changesAnything").asBoolean(), result.out());
        assertFalse(Files.exists(dir.resolve("backups")));
    }

    @Test
    void aDeploymentAtTheBrokenCommitMovesToTheReleaseOfTheSameCodeWithAPlainUpgrade() throws Exception {
        // Recorded as an earlier reflector-setup recorded it.
        Path rootEnv = dir.resolve(".env");
        String base = "https://github.com/Monadical-SAS/reflector.git#" + Releases.BROKEN_COMMIT;
        Files.writeString(
                rootEnv,
                String.join(
                                "\n",
                                Files.readString(rootEnv)
                                        .lines()
                                        .filter(line -> !line.startsWith("REFLECTOR_VERSION=")
                                                && !line.startsWith("REFLECTOR_IMAGE_TAG=")
                                                && !line.matches("REFLECTOR_[A-Z]+_CONTEXT=.*"))
                                        .toList())
                        + "\nREFLECTOR_VERSION=" + Releases.BROKEN_COMMIT + "\nREFLECTOR_IMAGE_TAG=git-bfa107183925\n"
                        + "REFLECTOR_MODEL_CONTEXT=" + base + ":gpu/self_hosted\nREFLECTOR_SERVER_CONTEXT=" + base
                        + ":server\n"
                        + "REFLECTOR_WEB_CONTEXT=" + base + ":www\n");
        CliRun.Result result = upgrade("--dry-run", "--output", "json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode plan = new ObjectMapper().readTree(result.out()).get("plan");
        assertEquals(Releases.BROKEN_COMMIT, plan.get("from").get("ref").asText());
        assertEquals("v0.35.0", plan.get("to").get("ref").asText());
        assertTrue(
                result.err().contains("cannot work (its migrations have two heads): moving to v0.35.0"), result.err());
    }

    @Test
    void aDowngradeTheDatabaseCannotTakeIsRefusedBeforeTheBackupAndChangesNothing() throws Exception {
        docker.runningAtTheSchemaHead();
        docker.containers.add(FakeDocker.container("worker", "running", null));
        docker.alembicVersion = List.of("e1f093f7f124"); // v0.35.0's head
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result result = upgrade("--reflector-version", "v0.34.0", "--output", "json");
        assertEquals(3, result.exitCode(), result::toString);
        String error = new ObjectMapper().readTree(result.out()).get("error").asText();
        assertTrue(error.contains("refused before its backup, and nothing was changed"), error);
        assertTrue(
                error.contains("the database is at e1f093f7f124, which v0.34.0's migrations (head 623af934249a) do not "
                        + "know"),
                error);
        assertTrue(error.contains("a downgrade"), error);
        assertTrue(error.contains("reflector-setup restore BACKUP --dir " + dir), error);
        assertEquals(before, DirectorySnapshot.of(dir));
        assertFalse(Files.exists(dir.resolve("backups")));
        assertTrue(
                docker.calls.stream().noneMatch(call -> call.is("pause") || call.is("up") || call.is("build")),
                docker.calls.toString());
    }

    @Test
    void aRevisionOfTheBrokenCommitIsRefusedForEveryRelease() throws Exception {
        docker.runningAtTheSchemaHead();
        docker.alembicVersion = List.of("20260219000000");
        CliRun.Result result = upgrade("--reflector-version", "v0.36.0");
        assertEquals(3, result.exitCode(), result::toString);
        assertTrue(
                result.err()
                        .contains("20260219000000 is the migration of upstream commit bfa10718, which no release has"),
                result.err());
        assertFalse(Files.exists(dir.resolve("backups")));
    }

    @Test
    void aVersionBeforeTheSelfHostedStackIsBadInputWithADocument() throws Exception {
        CliRun.Result result = upgrade("--reflector-version", "v0.23.2", "--output", "json");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(
                new ObjectMapper().readTree(result.out()).get("error").asText().contains("predates"), result.out());
    }

    @Test
    void theUpgradeBacksUpFirstAndNeedsARunningDeploymentForIt() throws Exception {
        CliRun.Result result = upgrade("--reflector-version", "v0.36.0");
        assertEquals(3, result.exitCode(), result::toString);
        assertTrue(result.err().contains("backs up first"), result.err());
        assertEquals(
                Releases.DEFAULT_TAG,
                EnvFile.parse(Files.readString(dir.resolve(".env")))
                        .get("REFLECTOR_VERSION")
                        .orElseThrow(),
                "not moved");
    }

    @Test
    void anOlderDeploymentWithoutRecordedOptionsIsReadBackFromItsFilesAndContainers() throws Exception {
        recordedOptionsReplacedBy("");
        docker.containers.add(FakeDocker.container("cpu", "running", "healthy"));
        CliRun.Result result = upgrade("--dry-run");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("install options from the deployment's files and containers"), result.err());
        assertTrue(result.err().contains("--cpu --public-ip 192.0.2.10"), result.err());
    }

    @Test
    void aFormat1LineIsReadWithoutRewritingAnything() throws Exception {
        recordedOptionsReplacedBy("REFLECTOR_SETUP_ARGS='--cpu --pull=missing --public-ip 192.0.2.10'\n");
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result result = upgrade("--dry-run");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(
                result.err()
                        .contains("install options from the root .env: --cpu --pull missing --public-ip 192.0.2.10"),
                result.err());
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void optionsANewerInstallerRecordedAreRefusedInOneLineAndNothingChanges() throws Exception {
        Path rootEnv = dir.resolve(".env");
        Files.writeString(
                rootEnv, Files.readString(rootEnv).replace("REFLECTOR_SETUP_FORMAT=2", "REFLECTOR_SETUP_FORMAT=3"));
        docker.containers.add(FakeDocker.container("cpu", "running", "healthy"));
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        CliRun.Result result = upgrade("--reflector-version", "v0.36.0");
        assertEquals(3, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(
                result.err()
                        .contains(".env: REFLECTOR_SETUP_FORMAT=3: the install options are recorded in a format this "
                                + "reflector-setup does not know"),
                result.err());
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    /** The root .env without the options it records, and with {@code lines} in their place. */
    void recordedOptionsReplacedBy(String lines) throws Exception {
        Path rootEnv = dir.resolve(".env");
        List<String> kept = Files.readString(rootEnv)
                .lines()
                .filter(line -> !line.startsWith("REFLECTOR_SETUP_"))
                .toList();
        Files.writeString(rootEnv, String.join("\n", kept) + "\n" + lines);
    }
}
