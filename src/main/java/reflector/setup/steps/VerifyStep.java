package reflector.setup.steps;

import static reflector.setup.config.DeploymentFiles.SERVER_ENV;
import static reflector.setup.config.DeploymentFiles.WWW_ENV;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import reflector.setup.catalog.Service;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.config.Settings;
import reflector.setup.docker.ServicePorts;
import reflector.setup.envfile.EnvFile;
import reflector.setup.http.HttpTransport;
import reflector.setup.s3.S3Client;
import reflector.setup.s3.SigV4;
import reflector.setup.storage.StorageLocation;
import reflector.setup.verify.AuthCheck;
import reflector.setup.verify.ChatCompletionClient;
import reflector.setup.verify.CheckFailed;
import reflector.setup.verify.FrontendEnv;
import reflector.setup.verify.FrontendLoginCheck;
import reflector.setup.verify.LlmCheck;
import reflector.setup.verify.NextAuthClient;
import reflector.setup.verify.ReflectorApiClient;
import reflector.setup.verify.StorageCheck;

/**
 * Proves that the deployed application works, not only that its ports answer: the database's
 * schema is the server's migration head ({@link SchemaCheck}); authentication is what
 * server/.env says and the frontend agrees with it (with a password given now, one login as the
 * admin through the frontend, as a browser logs in); an object goes through the storage's S3 API
 * with the backend's own credentials, bucket, region and addressing (Garage's, or external S3's);
 * the model answers through LLM_URL (the local Ollama's, or an external one). The deployment's
 * own services are asked on 127.0.0.1 at the port the compose file publishes, external ones where
 * server/.env names them. A failure is a service failure (exit 4) that names what failed.
 */
public final class VerifyStep implements Step {
    static final Duration API_TIMEOUT = Duration.ofSeconds(30);
    static final Duration S3_TIMEOUT = Duration.ofSeconds(30);
    /** A CPU model can take minutes to load before its first answer. */
    static final Duration LLM_TIMEOUT = Duration.ofMinutes(5);

    static final String DEFAULT_ADMIN_EMAIL = "admin@localhost";
    private static final List<String> S3_KEYS = List.of(
            StorageValues.ACCESS_KEY_ID,
            StorageValues.SECRET_ACCESS_KEY,
            StorageValues.BUCKET_NAME,
            StorageValues.REGION);
    /** The backend's LLM_MODEL when server/.env has none (settings.py). */
    static final String BACKEND_DEFAULT_LLM_MODEL = "microsoft/phi-4";

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String description() {
        return "prove the application works: schema, login, storage, LLM";
    }

    @Override
    public void run(StepContext context) throws Exception {
        EnvFile env = EnvFile.parse(context.workspace().read(SERVER_ENV).orElse(""));
        if (context.dryRun()) {
            SchemaCheck.plan(context);
            plan(context, env);
            return;
        }
        // The schema first: on a database without the server's schema, login fails for that reason.
        SchemaCheck.run(context);
        ServicePorts ports = context.servicePorts();
        HttpTransport http = new HttpTransport(Duration.ofSeconds(5));
        checkAuth(context, env, authCheck(context, ports, http));
        checkStorage(context, env);
        checkLlm(context, env, ports, http);
    }

    private static void plan(StepContext context, EnvFile env) {
        DeploymentSettings settings = context.deploymentSettings();
        String backend = value(env, "AUTH_BACKEND", "none");
        if (context.runSecrets().auth().mode() == AuthRequest.Mode.PASSWORD) {
            context.planned("check that the API refuses requests without login and the frontend offers the password "
                    + "login, then log in once through the frontend as "
                    + value(env, "ADMIN_EMAIL", DEFAULT_ADMIN_EMAIL)
                    + " and use its session's token");
        } else if (AuthMode.isProtected(backend)) {
            context.planned(
                    "check that the API refuses requests without login and the frontend offers a login (AUTH_BACKEND="
                            + backend + ")");
        } else {
            context.planned(
                    "check that the API answers without login and the frontend offers none (a public instance)");
        }
        StorageLocation.fromEnv(env)
                .ifPresent(location -> context.planned("write, read back and delete a check object in "
                        + (location.isGarage()
                                ? location.bucketName() + " through Garage's S3 API"
                                : location.describe() + " ("
                                        + location.addressing().describe(location.bucket())
                                        + ", as the backend addresses it)")));
        llm(settings, env)
                .ifPresent(llm -> context.planned("ask " + llm.model() + " for one short completion through "
                        + (llm.local().isPresent() ? "LLM_URL" : llm.url())));
    }

    /** The backend's API and the frontend's NextAuth routes, each at its published port; www/.env for the messages. */
    private static AuthCheck authCheck(StepContext context, ServicePorts ports, HttpTransport http) {
        FrontendEnv www = FrontendEnv.parse(context.workspace().read(WWW_ENV).orElse(""));
        NextAuthClient nextAuth =
                new NextAuthClient(local(ports.hostPort(Service.WEB), ""), http, API_TIMEOUT, context::secret);
        return new AuthCheck(
                new ReflectorApiClient(local(ports.hostPort(Service.SERVER), ""), http, API_TIMEOUT),
                new FrontendLoginCheck(nextAuth, www, context::secret));
    }

    private static void checkAuth(StepContext context, EnvFile env, AuthCheck auth) throws InterruptedException {
        String backend = value(env, "AUTH_BACKEND", "none");
        try {
            AuthRequest request = context.runSecrets().auth();
            if (!context.report().answered(Service.WEB.serviceName())) {
                context.warn(
                        "the frontend was not checked, nor a login through it: web did not answer within its wait");
                context.note(auth.backendOnly(AuthMode.isProtected(backend), "AUTH_BACKEND=" + backend));
            } else if (request.mode() == AuthRequest.Mode.PASSWORD) {
                context.note(auth.login(value(env, "ADMIN_EMAIL", DEFAULT_ADMIN_EMAIL), request.password()));
            } else if (AuthMode.isProtected(backend)) {
                context.note(auth.protectedInstance(backend) + "; "
                        + ("password".equals(backend)
                                ? "login was not tried (no password given in this run)"
                                : "login is external (AUTH_BACKEND=" + backend + ") and was not tried"));
            } else {
                context.note(auth.publicInstance(
                        "AUTH_BACKEND=" + backend + ", PUBLIC_MODE=" + value(env, "PUBLIC_MODE", "(unset)")));
            }
        } catch (CheckFailed e) {
            throw new ServiceFailure(e.service().orElse("server"), e.getMessage(), e);
        }
    }

    /**
     * The storage server/.env gives the backend, with its credentials: Garage at the port the
     * compose file publishes, any other store at its endpoint (or AWS's), addressed as the backend
     * addresses it.
     */
    private static void checkStorage(StepContext context, EnvFile env) throws InterruptedException {
        Optional<StorageLocation> found = StorageLocation.fromEnv(env);
        if (found.isEmpty() && !context.deploymentSettings().garage()) {
            // Only a run without the storage step gets here (it writes the storage or stops): say so, loudly.
            context.warn("storage was not checked: " + SERVER_ENV + " gives the backend no S3 storage (no "
                    + StorageValues.BUCKET_NAME
                    + "), so recordings cannot be stored; run the storage step with --garage "
                    + "or the --s3-* options");
            return;
        }
        String blamed = context.deploymentSettings().garage()
                        || found.map(StorageLocation::isGarage).orElse(false)
                ? "garage"
                : null;
        for (String key : S3_KEYS) {
            if (value(env, key, "").isEmpty()) {
                throw new ServiceFailure(
                        blamed,
                        "storage cannot be checked: " + SERVER_ENV + " has no " + key
                                + " (the storage step writes it: --garage, or the --s3-* options)");
            }
        }
        StorageLocation location = found.orElseThrow(() -> new ServiceFailure(
                blamed,
                "storage cannot be checked: " + SERVER_ENV
                        + " gives the backend no S3 storage (TRANSCRIPT_STORAGE_BACKEND is not aws)"));
        SigV4.Credentials credentials = StorageAccess.credentials(context, env).orElseThrow();
        S3Client s3 = StorageAccess.client(context, location, credentials, S3_TIMEOUT);
        try {
            String proven = new StorageCheck(
                            s3, location.bucket(), location.prefix(), credentials.accessKeyId(), location.region())
                    .run(context.random());
            context.note(
                    location.isGarage()
                            ? proven
                            : proven + " at " + s3.addressing().describe(location.bucket())
                                    + " (as the backend addresses it)");
        } catch (CheckFailed e) {
            throw new ServiceFailure(blamed, e.getMessage(), e);
        }
    }

    /** The LLM the backend calls: LLM_URL, and the local Ollama it names, if any. */
    record Llm(URI url, String model, String apiKey, Optional<String> local) {}

    /**
     * The LLM to check: LLM_URL (with Ollama, the local one it defaults to), LLM_MODEL (the
     * backend's default without one) and LLM_API_KEY; empty when there is none to check: no
     * LLM_URL, or one the server-env step already warned about (host.docker.internal).
     */
    static Optional<Llm> llm(DeploymentSettings settings, EnvFile env) {
        Optional<String> service = settings.ollamaMode().service();
        String configured = value(
                env,
                "LLM_URL",
                service.map(name -> "http://" + name + ":" + Service.OLLAMA.port() + "/v1")
                        .orElse(""));
        if (configured.isEmpty() || configured.startsWith("http://host.docker.internal")) {
            return Optional.empty();
        }
        URI url;
        try {
            url = URI.create(configured);
        } catch (IllegalArgumentException e) {
            throw new ServiceFailure(null, "LLM: LLM_URL in " + SERVER_ENV + " is not a URL: " + e.getMessage());
        }
        String host = String.valueOf(url.getHost());
        Optional<String> local = LOCAL_OLLAMA.contains(host) ? Optional.of(host) : Optional.empty();
        String model = value(
                env,
                "LLM_MODEL",
                local.isPresent() ? settings.llmModel().orElse(Settings.DEFAULT_LLM_MODEL) : BACKEND_DEFAULT_LLM_MODEL);
        return Optional.of(new Llm(url, model, value(env, "LLM_API_KEY", ""), local));
    }

    private static final List<String> LOCAL_OLLAMA =
            List.of(Service.OLLAMA.serviceName(), Service.OLLAMA_CPU.serviceName());

    private static void checkLlm(StepContext context, EnvFile env, ServicePorts ports, HttpTransport http)
            throws InterruptedException {
        Optional<Llm> found = llm(context.deploymentSettings(), env);
        if (found.isEmpty()) {
            return;
        }
        Llm llm = found.get();
        context.secret(llm.apiKey());
        Optional<String> running = context.deploymentSettings().ollamaMode().service();
        if (running.isPresent() && !llm.local().equals(running)) {
            // The server-env step points LLM_URL at the local Ollama; it did not run, or was overruled.
            context.warn("LLM_URL in " + SERVER_ENV + " (" + llm.url() + ") does not name the local Ollama ("
                    + running.get() + "); the LLM was not checked");
            return;
        }
        if (running.isEmpty() && llm.local().isPresent()) {
            throw new ServiceFailure(
                    null,
                    "LLM: LLM_URL in " + SERVER_ENV + " (" + llm.url() + ") names "
                            + llm.local().get()
                            + ", a local Ollama this deployment does not run: re-run with --ollama-gpu or --ollama-cpu, or set "
                            + "LLM_URL, LLM_MODEL and LLM_API_KEY to your LLM");
        }
        // The local Ollama is a host inside the Docker network: ask the port its container port is published on.
        int containerPort =
                llm.url().getPort() == -1 ? Service.OLLAMA.port() : llm.url().getPort();
        URI base = llm.local()
                .map(service -> local(
                        ports.hostPort(service, containerPort),
                        llm.url().getRawPath() == null ? "" : llm.url().getRawPath()))
                .orElse(llm.url());
        String blamed = llm.local().orElse(null);
        context.console()
                .info("asking " + llm.model()
                        + " for a short completion (a model that is not loaded yet takes a while)");
        try {
            context.note(new LlmCheck(new ChatCompletionClient(base, llm.apiKey(), http, LLM_TIMEOUT))
                    .run(llm.model(), llm.local().isPresent()));
        } catch (CheckFailed e) {
            throw new ServiceFailure(blamed, e.getMessage(), e);
        }
    }

    private static URI local(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String value(EnvFile env, String key, String fallback) {
        String value = env.get(key).orElse("").strip();
        return value.isEmpty() ? fallback : value;
    }
}
