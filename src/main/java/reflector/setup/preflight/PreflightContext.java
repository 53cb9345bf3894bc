package reflector.setup.preflight;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.config.RunSettings;
import reflector.setup.config.Settings;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.docker.EngineInfo;
import reflector.setup.docker.ServicePorts;
import reflector.setup.tls.CertificateProbe;

/**
 * What the checks may look at: the settings, Docker (connected on first use), the deployment, its
 * compose file and the ports that file publishes, name lookups and TLS handshakes with this host's
 * Caddy, the time the run began and the host's environment. The engine's facts are asked once per run.
 */
public final class PreflightContext {
    private final Settings settings;
    private final Supplier<Docker> docker;
    private final Deployment deployment;
    private final Path composeFile;
    private final Supplier<ServicePorts> servicePorts;
    private final NameResolver resolver;
    private final CertificateProbe certificates;
    private final Instant now;
    private final Map<String, String> environment;
    private EngineInfo engine;
    private DockerUnavailableException engineFailure;

    public PreflightContext(
            Settings settings,
            Supplier<Docker> docker,
            Deployment deployment,
            Path composeFile,
            Supplier<ServicePorts> servicePorts,
            NameResolver resolver,
            CertificateProbe certificates,
            Instant now,
            Map<String, String> environment) {
        this.settings = settings;
        this.docker = docker;
        this.deployment = deployment;
        this.composeFile = composeFile;
        this.servicePorts = servicePorts;
        this.resolver = resolver;
        this.certificates = certificates;
        this.now = now;
        this.environment = Map.copyOf(environment);
    }

    /** With the host's own resolver and TLS handshakes, at this moment, and no environment (the default PATH). */
    public PreflightContext(
            Settings settings,
            Supplier<Docker> docker,
            Deployment deployment,
            Path composeFile,
            Supplier<ServicePorts> servicePorts) {
        this(
                settings,
                docker,
                deployment,
                composeFile,
                servicePorts,
                NameResolver.SYSTEM,
                CertificateProbe.TLS,
                Instant.now(),
                Map.of());
    }

    /** What the deployment is (not {@link #deployment()}, which is how Docker finds it). */
    public DeploymentSettings deploymentSettings() {
        return settings.deployment();
    }

    /** What this run does: among others, the checks it ignores. */
    public RunSettings runSettings() {
        return settings.run();
    }

    public Docker docker() {
        return docker.get();
    }

    public Deployment deployment() {
        return deployment;
    }

    public Path composeFile() {
        return composeFile;
    }

    /** The ports the compose file publishes, as Compose reads them (see StepContext#servicePorts). */
    public ServicePorts servicePorts() {
        return servicePorts.get();
    }

    public NameResolver resolver() {
        return resolver;
    }

    /** TLS handshakes, for what a server (this host's Caddy) serves. */
    public CertificateProbe certificates() {
        return certificates;
    }

    /** When the run's checks began: a served certificate must be valid now. */
    public Instant now() {
        return now;
    }

    /** The host's environment variables (e.g. the PATH the docker CLI is looked for on). */
    public Map<String, String> environment() {
        return environment;
    }

    /** The engine's facts; throws {@link DockerUnavailableException} (every time) when it does not answer. */
    public synchronized EngineInfo engine() {
        if (engineFailure != null) {
            throw engineFailure;
        }
        if (engine == null) {
            try {
                engine = docker().engine();
            } catch (DockerUnavailableException e) {
                engineFailure = e;
                throw e;
            }
        }
        return engine;
    }

    /** True once the engine was asked and did not answer. */
    public synchronized boolean engineUnavailable() {
        return engineFailure != null;
    }
}
