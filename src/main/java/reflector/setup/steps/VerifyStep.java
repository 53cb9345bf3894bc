package reflector.setup.steps;

import reflector.setup.catalog.Service;
import reflector.setup.docker.ServicePorts;
import static reflector.setup.config.DeploymentFiles.SERVER_ENV;
import static reflector.setup.config.DeploymentFiles.WWW_ENV;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.Settings;
import reflector.setup.envfile.EnvFile;
import reflector.setup.http.HttpTransport;
import reflector.setup.verify.AuthCheck;
import reflector.setup.verify.ChatCompletionClient;
import reflector.setup.verify.CheckFailed;
import reflector.setup.verify.FrontendEnv;
import reflector.setup.verify.FrontendLoginCheck;
import reflector.setup.verify.LlmCheck;
import reflector.setup.verify.NextAuthClient;
import reflector.setup.verify.ReflectorApiClient;
import reflector.setup.verify.S3Client;
import reflector.setup.verify.SigV4;
import reflector.setup.verify.StorageCheck;

/**
 * Proves that the deployed application works, not only that its ports answer: the database's
 * schema is the server's migration head ({@link SchemaCheck}); authentication is what
 * server/.env says and the frontend agrees with it (with a password given now, one login as the
 * admin through the frontend, as a browser logs in); with Garage, an
 * object goes through the S3 API with the backend's own credentials; with Ollama, the model
 * answers through LLM_URL. Each is asked on 127.0.0.1 at the port the compose file publishes.
 * A failure is a service failure (exit 4) that names what failed.
 */
public final class VerifyStep implements Step {
    static final Duration API_TIMEOUT = Duration.ofSeconds(30);
    static final Duration S3_TIMEOUT = Duration.ofSeconds(30);
    /** A CPU model can take minutes to load before its first answer. */
    static final Duration LLM_TIMEOUT = Duration.ofMinutes(5);
    static final String DEFAULT_ADMIN_EMAIL = "admin@localhost";
    private static final List<String> S3_KEYS = List.of("TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID",
            "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY", "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME",
            "TRANSCRIPT_STORAGE_AWS_REGION");

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
        if (context.settings().garage()) {
            checkStorage(context, env, ports, http);
        }
        if (context.settings().ollamaMode().enabled()) {
            checkLlm(context, env, ports, http);
        }
    }

    private static void plan(StepContext context, EnvFile env) {
        Settings settings = context.settings();
        String backend = value(env, "AUTH_BACKEND", "none");
        if (settings.auth().mode() == AuthRequest.Mode.PASSWORD) {
            context.planned("check that the API refuses requests without login and the frontend offers the password "
                    + "login, then log in once through the frontend as " + value(env, "ADMIN_EMAIL", DEFAULT_ADMIN_EMAIL)
                    + " and use its session's token");
        } else if (AuthMode.isProtected(backend)) {
            context.planned("check that the API refuses requests without login and the frontend offers a login (AUTH_BACKEND="
                    + backend + ")");
        } else {
            context.planned("check that the API answers without login and the frontend offers none (a public instance)");
        }
        if (settings.garage()) {
            context.planned("write, read back and delete a check object in "
                    + value(env, "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME", StorageStep.BUCKET) + " through Garage's S3 API");
        }
        settings.llmModel().ifPresent(model -> context.planned("ask " + value(env, "LLM_MODEL", model)
                + " for one short completion through LLM_URL"));
    }

    /** The backend's API and the frontend's NextAuth routes, each at its published port; www/.env for the messages. */
    private static AuthCheck authCheck(StepContext context, ServicePorts ports, HttpTransport http) {
        FrontendEnv www = FrontendEnv.parse(context.workspace().read(WWW_ENV).orElse(""));
        NextAuthClient nextAuth = new NextAuthClient(local(ports.hostPort(Service.WEB), ""), http, API_TIMEOUT, context::secret);
        return new AuthCheck(new ReflectorApiClient(local(ports.hostPort(Service.SERVER), ""), http, API_TIMEOUT),
                new FrontendLoginCheck(nextAuth, www, context::secret));
    }

    private static void checkAuth(StepContext context, EnvFile env, AuthCheck auth) throws InterruptedException {
        String backend = value(env, "AUTH_BACKEND", "none");
        try {
            AuthRequest request = context.settings().auth();
            if (!context.report().answered(Service.WEB.serviceName())) {
                context.warn("the frontend was not checked, nor a login through it: web did not answer within its wait");
                context.note(auth.backendOnly(AuthMode.isProtected(backend), "AUTH_BACKEND=" + backend));
            } else if (request.mode() == AuthRequest.Mode.PASSWORD) {
                char[] password = request.password();
                try {
                    context.note(auth.login(value(env, "ADMIN_EMAIL", DEFAULT_ADMIN_EMAIL), password));
                } finally {
                    Arrays.fill(password, '\0');
                }
            } else if (AuthMode.isProtected(backend)) {
                context.note(auth.protectedInstance(backend) + "; " + ("password".equals(backend)
                        ? "login was not tried (no password given in this run)"
                        : "login is external (AUTH_BACKEND=" + backend + ") and was not tried"));
            } else {
                context.note(auth.publicInstance("AUTH_BACKEND=" + backend + ", PUBLIC_MODE="
                        + value(env, "PUBLIC_MODE", "(unset)")));
            }
        } catch (CheckFailed e) {
            throw new ServiceFailure(e.service().orElse("server"), e.getMessage(), e);
        }
    }

    private static void checkStorage(StepContext context, EnvFile env, ServicePorts ports, HttpTransport http)
            throws InterruptedException {
        for (String key : S3_KEYS) {
            if (value(env, key, "").isEmpty()) {
                throw new ServiceFailure("garage", "storage cannot be checked: " + SERVER_ENV + " has no " + key
                        + " (the storage step writes it with --garage)");
            }
        }
        String secret = value(env, "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY", "");
        context.secret(secret);
        String keyId = value(env, "TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID", "");
        String region = value(env, "TRANSCRIPT_STORAGE_AWS_REGION", "");
        // server/.env names http://garage:3900, which only resolves inside Docker: use the published port.
        S3Client s3 = new S3Client(local(ports.hostPort(Service.GARAGE), ""), region,
                new SigV4.Credentials(keyId, secret), http, context.clock(), S3_TIMEOUT);
        try {
            context.note(new StorageCheck(s3, value(env, "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME", ""), keyId, region)
                    .run(context.random()));
        } catch (CheckFailed e) {
            throw new ServiceFailure("garage", e.getMessage(), e);
        }
    }

    private static void checkLlm(StepContext context, EnvFile env, ServicePorts ports, HttpTransport http)
            throws InterruptedException {
        String service = context.settings().ollamaMode().service().orElseThrow();
        URI llmUrl = URI.create(value(env, "LLM_URL", "http://" + service + ":" + Service.OLLAMA.port() + "/v1"));
        if (!service.equals(llmUrl.getHost())) {
            context.warn("LLM_URL in " + SERVER_ENV + " (" + llmUrl + ") does not name the local Ollama (" + service
                    + "); the LLM was not checked");
            return;
        }
        String apiKey = value(env, "LLM_API_KEY", "");
        context.secret(apiKey);
        // LLM_URL names a host inside the Docker network: ask the port its container port is published on.
        int containerPort = llmUrl.getPort() == -1 ? Service.OLLAMA.port() : llmUrl.getPort();
        URI base = local(ports.hostPort(service, containerPort), llmUrl.getRawPath() == null ? "" : llmUrl.getRawPath());
        String model = value(env, "LLM_MODEL", context.settings().llmModel().orElse(Settings.DEFAULT_LLM_MODEL));
        context.console().info("asking " + model + " for a short completion (a model that is not loaded yet takes a while)");
        try {
            context.note(new LlmCheck(new ChatCompletionClient(base, apiKey, http, LLM_TIMEOUT)).run(model));
        } catch (CheckFailed e) {
            throw new ServiceFailure(service, e.getMessage(), e);
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
