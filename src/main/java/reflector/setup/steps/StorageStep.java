package reflector.setup.steps;

import static reflector.setup.config.DeploymentFiles.GARAGE_CONFIG;
import static reflector.setup.config.DeploymentFiles.GARAGE_CONFIG_TEMPLATE;
import static reflector.setup.config.DeploymentFiles.SERVER_ENV;
import static reflector.setup.config.DeploymentFiles.SERVER_ENV_TEMPLATE;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import reflector.setup.catalog.Service;
import reflector.setup.config.MoveStorage;
import reflector.setup.config.S3Settings;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.DockerOperationException;
import reflector.setup.docker.ServicePorts;
import reflector.setup.envfile.EnvFile;
import reflector.setup.files.FileKind;
import reflector.setup.garage.DuplicateKeyNameException;
import reflector.setup.garage.GarageAdminClient;
import reflector.setup.garage.GarageProvisioner;
import reflector.setup.http.HttpTransport;
import reflector.setup.s3.SigV4;
import reflector.setup.secrets.SecretGenerator;
import reflector.setup.storage.StorageLocation;
import reflector.setup.storage.StorageMove;

/**
 * Where recordings are stored. With --garage: data/garage.toml, Garage started alone (unless it is
 * running and answers already), its layout,
 * bucket and key made when missing, and the key's credentials written to server/.env on every run
 * (so a lost server/.env is restored). Without: the external S3 values given now, keeping what
 * server/.env already has (but not Garage's: see {@link StorageValues}). When the run moves the
 * storage with --move-storage copy ({@link StorageMoveStep}), the objects are copied to the new
 * storage once it is ready and before server/.env names it ({@link StorageCopy}).
 */
public final class StorageStep implements Step {
    static final String BUCKET = StorageLocation.GARAGE.bucketName();
    static final String KEY_NAME = "reflector";
    static final String ZONE = "dc1";
    static final long CAPACITY_BYTES = 1_000_000_000L;
    static final Duration ADMIN_API_TIMEOUT = Duration.ofSeconds(60);

    private final Function<ServicePorts, URI> garageAdminUrl;

    /** The admin API where the compose file publishes Garage's port 3903 on this host. */
    public StorageStep() {
        this(ports -> URI.create(
                "http://127.0.0.1:" + ports.hostPort(Service.GARAGE.serviceName(), Service.GARAGE_ADMIN_PORT)));
    }

    /** Tests point this at a stand-in of the admin API, which exists only once Garage is "started". */
    public StorageStep(Function<ServicePorts, URI> garageAdminUrl) {
        this.garageAdminUrl = garageAdminUrl;
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public String description() {
        return "S3 storage for recordings (Garage or external)";
    }

    @Override
    public void run(StepContext context) throws Exception {
        EnvFile before = StorageMoveStep.serverEnv(context);
        Optional<StorageMove> copy = context.runSettings()
                .moveStorage()
                .filter(MoveStorage.copy::equals)
                .flatMap(choice -> StorageValues.move(context.deploymentSettings(), before));
        SigV4.Credentials key = context.deploymentSettings().garage() ? garage(context) : external(context, before);
        StorageValues.planned(context.deploymentSettings(), before)
                .ifPresent(location -> context.report().storageLocation(location.describe()));
        if (copy.isPresent() && !context.dryRun()) {
            StorageCopy.run(
                    context,
                    copy.get(),
                    StorageAccess.credentials(context, before)
                            .orElseThrow(() -> InstallerException.environment("server/.env has no access key for "
                                    + copy.get().from())),
                    key);
        }
    }

    /** Writes the external storage's values; returns its key. */
    private static SigV4.Credentials external(StepContext context, EnvFile before) {
        S3Settings s3 =
                StorageValues.completeExternal(context.deploymentSettings().s3(), before);
        EnvEditor env = context.env(SERVER_ENV, SERVER_ENV_TEMPLATE);
        env.set(StorageValues.ACCESS_KEY_ID, s3.accessKeyId().orElseThrow());
        env.setSecret(StorageValues.SECRET_ACCESS_KEY, s3.secretAccessKey().orElseThrow());
        env.set(StorageValues.BUCKET_NAME, s3.bucket().orElseThrow());
        env.set(StorageValues.REGION, s3.region().orElseThrow());
        // No endpoint is AWS itself; Garage's, left from --garage, must not stay.
        s3.endpoint()
                .ifPresentOrElse(
                        value -> env.set(StorageValues.ENDPOINT_URL, value),
                        () -> env.remove(StorageValues.ENDPOINT_URL));
        return new SigV4.Credentials(
                s3.accessKeyId().orElseThrow(), s3.secretAccessKey().orElseThrow());
    }

    /** Provisions Garage and writes its values; returns its key (none in a dry run). */
    private SigV4.Credentials garage(StepContext context) throws Exception {
        boolean tokenAdded = ensureConfig(context);
        context.flushFiles();

        EnvEditor env = context.env(SERVER_ENV, SERVER_ENV_TEMPLATE);
        env.set(StorageValues.ENDPOINT_URL, StorageLocation.GARAGE.endpointUrl().orElseThrow());
        env.set(StorageValues.BUCKET_NAME, BUCKET);
        env.set(StorageValues.REGION, StorageLocation.GARAGE.region());

        if (context.dryRun()) {
            context.planned("start garage, give its node a layout role, create bucket " + BUCKET + " and key "
                    + KEY_NAME + " where missing, and write the key to server/.env");
            return null;
        }
        String token = GarageConfig.adminToken(
                        context.workspace().read(GARAGE_CONFIG).orElseThrow())
                .orElseThrow(() -> new IllegalStateException(GARAGE_CONFIG + " has no admin token"));

        if (tokenAdded || !alreadyServing(context, token)) {
            startGarage(context, tokenAdded);
        }
        GarageAdminClient client = adminClient(context, token);
        waitForAdminApi(context, client);
        GarageProvisioner.Result result;
        try {
            result = new GarageProvisioner(client).ensure(BUCKET, KEY_NAME, ZONE, CAPACITY_BYTES);
        } catch (DuplicateKeyNameException e) {
            throw InstallerException.environment(e.getMessage());
        } catch (IOException e) {
            throw new ServiceFailure("garage", "setting up Garage failed: " + e.getMessage(), e);
        }
        result.changes()
                .forEach(
                        change -> context.changed(Change.of("provision-garage", List.of(change), "garage: " + change)));
        env.set(StorageValues.ACCESS_KEY_ID, result.accessKeyId());
        env.setSecret(StorageValues.SECRET_ACCESS_KEY, result.secretAccessKey());
        return new SigV4.Credentials(result.accessKeyId(), result.secretAccessKey());
    }

    /**
     * Starts Garage alone. A container that was already running when its admin token was added,
     * and that `up` kept, is restarted to load the token; a recreated one has read it already.
     */
    private static void startGarage(StepContext context, boolean tokenAdded) {
        Optional<ContainerInfo> runningBefore = garageContainer(context).filter(ContainerInfo::running);
        try {
            context.compose().up(List.of("garage"));
            Optional<ContainerInfo> kept = garageContainer(context).filter(now -> runningBefore
                    .map(before -> before.id().equals(now.id()))
                    .orElse(false));
            if (tokenAdded && kept.isPresent()) {
                context.docker().restartContainer(kept.get().id(), Duration.ofSeconds(30));
                context.changed(Change.of(
                        "restart-containers", List.of(kept.get().name()), "restart garage to load its admin token"));
            }
        } catch (DockerOperationException e) {
            throw new ServiceFailure("garage", "starting Garage failed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether this deployment's Garage is running and its admin API takes the token: then there is
     * nothing to start (the services step's `up` still recreates it if its definition changed).
     */
    private boolean alreadyServing(StepContext context, String token) throws InterruptedException {
        return garageContainer(context).filter(ContainerInfo::running).isPresent()
                && adminClient(context, token).adminApiAnswers();
    }

    private GarageAdminClient adminClient(StepContext context, String token) {
        return new GarageAdminClient(
                garageAdminUrl.apply(context.servicePorts()),
                token,
                new HttpTransport(Duration.ofSeconds(2)),
                Duration.ofSeconds(10));
    }

    private static Optional<ContainerInfo> garageContainer(StepContext context) {
        return context.docker().deploymentContainers(context.deployment()).stream()
                .filter(c -> "garage".equals(c.service()))
                .findFirst();
    }

    /** Returns true when an admin token had to be added to an existing config. */
    private static boolean ensureConfig(StepContext context) {
        if (context.workspace().removeStrayDirectory(GARAGE_CONFIG)) {
            context.changed(Change.file(
                    "remove-directory",
                    GARAGE_CONFIG,
                    "remove the empty directory " + GARAGE_CONFIG + " (left by a Docker bind mount)"));
        }
        Optional<String> existing = context.workspace().read(GARAGE_CONFIG);
        if (existing.isEmpty()) {
            String template = context.template(GARAGE_CONFIG_TEMPLATE)
                    .orElseThrow(() -> new IllegalStateException(GARAGE_CONFIG_TEMPLATE + " is missing"));
            String config = GarageConfig.render(template, context.random());
            GarageConfig.secrets(config).forEach(context::secret);
            context.workspace().stage(GARAGE_CONFIG, config, FileKind.SECRET);
            context.changed(Change.file(
                    "create", GARAGE_CONFIG, "create " + GARAGE_CONFIG + " with a new RPC secret and admin token"));
            return false;
        }
        GarageConfig.secrets(existing.get()).forEach(context::secret);
        if (GarageConfig.adminToken(existing.get()).isPresent()) {
            // Staged unchanged so that its permissions are checked like every secret file's.
            context.workspace().stage(GARAGE_CONFIG, existing.get(), FileKind.SECRET);
            return false;
        }
        String token = SecretGenerator.base64_32(context.random());
        context.secret(token);
        context.workspace().stage(GARAGE_CONFIG, GarageConfig.withAdminToken(existing.get(), token), FileKind.SECRET);
        context.changed(Change.key(
                "add-key",
                GARAGE_CONFIG,
                "admin_token",
                "add an admin token to " + GARAGE_CONFIG + " (the admin API was disabled)"));
        return true;
    }

    private static void waitForAdminApi(StepContext context, GarageAdminClient client) throws InterruptedException {
        Instant deadline = context.clock().instant().plus(ADMIN_API_TIMEOUT);
        while (!client.adminApiAnswers()) {
            Optional<ContainerInfo> garage = garageContainer(context);
            if (garage.isPresent() && garage.get().stopped()) {
                throw new ServiceFailure(
                        "garage",
                        "Garage stopped while starting (" + garage.get().status() + ")");
            }
            if (context.clock().instant().isAfter(deadline)) {
                throw new ServiceFailure(
                        "garage", "Garage's admin API did not answer within " + ADMIN_API_TIMEOUT.toSeconds() + " s");
            }
            context.sleep(Duration.ofMillis(500));
        }
    }
}
