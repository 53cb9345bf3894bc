package reflector.setup.steps;

import static reflector.setup.config.DeploymentFiles.ROOT_ENV;
import static reflector.setup.config.DeploymentFiles.SERVER_ENV;
import static reflector.setup.config.DeploymentFiles.SERVER_ENV_TEMPLATE;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import reflector.setup.catalog.Service;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.BuildSources;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.config.ProjectName;
import reflector.setup.config.PublicDataRetention;
import reflector.setup.config.PublicUrls;
import reflector.setup.config.RecordedOptions;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.config.Settings;

/**
 * The backend's server/.env (infrastructure, public URLs, models, LLM, auth mode) and the root
 * .env that Compose reads for the project name and interpolation: COMPOSE_PROJECT_NAME, HF_TOKEN,
 * the Reflector version's image tag and build contexts, and the LLM context window Ollama gets.
 */
public final class ServerEnvStep implements Step {
    static final String MODEL_URL = "http://" + Service.MODEL_SERVER_ALIAS + ":" + Service.GPU.port();

    @Override
    public String name() {
        return "server-env";
    }

    @Override
    public String description() {
        return "server/.env and the root .env";
    }

    @Override
    public void run(StepContext context) {
        DeploymentSettings settings = context.deploymentSettings();
        EnvEditor env = context.env(SERVER_ENV, SERVER_ENV_TEMPLATE);

        env.set("DATABASE_URL", "postgresql+asyncpg://reflector:reflector@postgres:5432/reflector");
        env.set("REDIS_HOST", "redis");
        env.set("CELERY_BROKER_URL", "redis://redis:6379/1");
        env.set("CELERY_RESULT_BACKEND", "redis://redis:6379/1");
        // As the original writes it: the backend's own default polls far more often.
        env.set("CELERY_BEAT_POLL_INTERVAL", "300");

        applyAuth(context, env);
        context.report().authBackend(env.get("AUTH_BACKEND"));
        applyRetention(context, env);

        PublicUrls urls = PublicUrls.of(settings);
        env.set("BASE_URL", urls.serverUrl());
        env.set("CORS_ORIGIN", urls.serverUrl());
        settings.publicIp().ifPresent(ip -> env.set("WEBRTC_HOST", ip));

        env.set("TRANSCRIPT_BACKEND", "modal");
        env.set("TRANSCRIPT_URL", MODEL_URL);
        env.set("TRANSCRIPT_MODAL_API_KEY", "selfhosted");
        env.set("DIARIZATION_ENABLED", "true");
        env.set("DIARIZATION_BACKEND", "modal");
        env.set("DIARIZATION_URL", MODEL_URL);
        env.set("TRANSLATION_BACKEND", "modal");
        env.set("TRANSLATE_URL", MODEL_URL);

        if (settings.ollamaMode().enabled()) {
            String host = settings.ollamaMode().service().orElseThrow();
            env.set("LLM_URL", "http://" + host + ":" + Service.OLLAMA.port() + "/v1");
            env.set("LLM_MODEL", settings.llmModel().orElseThrow());
            env.set("LLM_API_KEY", "not-needed");
        } else {
            env.maskCurrent("LLM_API_KEY");
            clearLocalOllama(context, env);
            String llmUrl = env.get("LLM_URL");
            if (llmUrl.isEmpty() || llmUrl.startsWith("http://host.docker.internal")) {
                context.warn("no LLM configured: set LLM_URL, LLM_MODEL and LLM_API_KEY in server/.env to an "
                        + "OpenAI-compatible endpoint, or re-run with --ollama-gpu or --ollama-cpu; "
                        + "summaries and topics need it");
            }
        }
        context.report().llmEndpoint(llmEndpoint(env.get("LLM_URL")));
        env.set("TRANSCRIPT_STORAGE_BACKEND", "aws");

        writeRootEnv(context, context.settings(), env);
    }

    /**
     * Without --ollama-*, no setting may point at a local Ollama: the run stops and removes it (see
     * ComponentSwitch). LLM_URL naming one of the two Ollama services, as the installer writes it
     * (or the original did, on port 11434), is removed with LLM_MODEL and LLM_API_KEY, which the
     * installer wrote beside it. Unset, the backend (v0.35.0 settings.py: LLM_URL None, LLM_API_KEY
     * None, LLM_MODEL its default) has no LLM to call; the warning that follows says so. An
     * LLM_URL of your own (any other host) is kept.
     */
    private static void clearLocalOllama(StepContext context, EnvEditor env) {
        if (localOllama(env.get("LLM_URL")).isEmpty()) {
            return;
        }
        for (String key : List.of("LLM_URL", "LLM_MODEL", "LLM_API_KEY")) {
            while (env.remove(key)) {
                // an earlier line of the same key would be read next: remove every one
            }
        }
    }

    /** The Ollama service an LLM_URL names, when it is one of the catalog's two. */
    static Optional<String> localOllama(String llmUrl) {
        try {
            String host = URI.create(llmUrl.strip()).getHost();
            return Stream.of(Service.OLLAMA, Service.OLLAMA_CPU)
                    .map(Service::serviceName)
                    .filter(name -> name.equals(host))
                    .findFirst();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The fact the summary shows for the LLM: "scheme://host[:port]" of LLM_URL (no path, query or user), or "". */
    static String llmEndpoint(String llmUrl) {
        try {
            URI uri = URI.create(llmUrl.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * A re-run without --password never turns existing authentication off: only --public does,
     * and it says so.
     */
    private static void applyAuth(StepContext context, EnvEditor env) {
        AuthRequest.Mode mode = context.runSecrets().auth().mode();
        String current = env.get("AUTH_BACKEND");
        switch (mode) {
            case PASSWORD -> {
                env.set("AUTH_BACKEND", "password");
                env.set("PUBLIC_MODE", "false");
                if (env.get("ADMIN_EMAIL").isEmpty()) {
                    env.set("ADMIN_EMAIL", "admin@localhost");
                }
            }
            case PUBLIC -> {
                if (AuthMode.isProtected(current)) {
                    context.warn("authentication turned OFF (was " + current + ", --public): anyone who can "
                            + "reach this server can read every meeting");
                }
                env.set("AUTH_BACKEND", "none");
                env.set("PUBLIC_MODE", "true");
            }
            case KEEP -> {
                if (AuthMode.isProtected(current)) {
                    context.note("authentication stays " + current + " (only --public turns it off)");
                } else {
                    env.set("AUTH_BACKEND", "none");
                    env.set("PUBLIC_MODE", "true");
                }
            }
        }
    }

    /**
     * A public instance deletes its anonymous transcripts: --public-retention-days sets after how
     * long (the options were checked: only for an install that ends public), and the run tells what
     * is in force, for the summary and the plan.
     */
    private static void applyRetention(StepContext context, EnvEditor env) {
        context.deploymentSettings()
                .publicRetentionDays()
                .ifPresent(days -> env.set(PublicDataRetention.KEY, String.valueOf(days)));
        try {
            PublicDataRetention.of(env.get(PublicDataRetention.PUBLIC_MODE), env.get(PublicDataRetention.KEY))
                    .ifPresent(context.report()::publicRetention);
        } catch (IllegalArgumentException e) {
            // SettingsResolver refuses such a value for an install that ends public before anything is
            // written; should one get here all the same, it is said rather than a crash.
            context.warn("server/.env: " + e.getMessage() + "; the backend does not start with it");
        }
    }

    private static void writeRootEnv(StepContext context, Settings settings, EnvEditor server) {
        EnvEditor root = context.env(ROOT_ENV, null);
        // Both files at once: the root .env records which server/.env values are the installer's.
        CpuFileTimeouts.apply(context, server, root);
        LlmContextWindow.copy(context, server, root);
        Optional<String> hfToken = settings.secrets().hfToken();
        if (hfToken.isPresent()) {
            root.setSecret("HF_TOKEN", hfToken.get());
        } else if (root.has("HF_TOKEN")) {
            root.maskCurrent("HF_TOKEN");
        } else {
            // Stored empty so a later run knows the question was answered and does not ask again.
            root.set("HF_TOKEN", "");
            // Without HF_TOKEN the model server's diarizer (gpu/self_hosted/app/services/diarizer.py)
            // downloads a public copy of pyannote's speaker-diarization-3.1 from Reflector's S3 bucket.
            context.note("no HuggingFace token: diarization still works, with the public copy of pyannote's "
                    + "speaker-diarization-3.1 that the model server downloads from Reflector's S3 bucket on first use; "
                    + "--hf-token makes it load the model from HuggingFace instead");
        }
        root.set(ProjectName.VARIABLE, settings.deployment().project().name());
        String composeFile = DeploymentFiles.composeFile(context.workspace().dir());
        if (!composeFile.equals(DeploymentFiles.COMPOSE_FILE)) {
            // So that a plain `docker compose ...` in the checkout reaches the installer's file, not upstream's.
            root.set(DeploymentFiles.COMPOSE_FILE_VARIABLE, composeFile);
        }
        // How the deployment was installed, so that upgrade and restore can run the install again;
        // a format 1 line gives way to format 2, which an option's rename cannot break.
        RecordedOptions.of(settings).entries().forEach(root::set);
        root.remove(RecordedOptions.VERSION_1_KEY);
        recordVersion(context, root, settings.deployment().version());
    }

    /** What is installed is recorded, so that a re-run keeps it; moving to another version is said. */
    private static void recordVersion(StepContext context, EnvEditor root, ReflectorVersion version) {
        String recorded = root.get("REFLECTOR_VERSION");
        // A commit's stack is a guess, worth a warning; a checkout's build is the user's choice, worth a note.
        version.caveat().ifPresent(version.kind() == ReflectorVersion.Kind.COMMIT ? context::warn : context::note);
        if (recorded.isEmpty()) {
            context.note("Reflector version: " + version.label());
        } else if (!recorded.equals(version.ref())) {
            context.changed(new Change(
                    "move-version",
                    ROOT_ENV,
                    "REFLECTOR_VERSION",
                    List.of(recorded, version.ref()),
                    "move Reflector from " + recorded + " to " + version.ref()));
        }
        root.set("REFLECTOR_VERSION", version.ref());
        root.set("REFLECTOR_IMAGE_TAG", version.imageTag());
        BuildSources sources = version.sources();
        root.set("REFLECTOR_MODEL_CONTEXT", sources.modelContext());
        root.set("REFLECTOR_SERVER_CONTEXT", sources.serverContext());
        root.set("REFLECTOR_WEB_CONTEXT", sources.webContext());
    }
}
