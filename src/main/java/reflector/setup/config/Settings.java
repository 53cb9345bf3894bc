package reflector.setup.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything an install run needs, validated and complete: no step prompts or reads options. It
 * holds three things apart: what the deployment is ({@link DeploymentSettings}), what this run
 * does ({@link RunSettings}) and the secrets given to it ({@link RunSecrets}). Only
 * {@link #builder()} makes one.
 */
public record Settings(DeploymentSettings deployment, RunSettings run, RunSecrets secrets) {

    public static final String DEFAULT_LLM_MODEL = "qwen2.5:14b";

    public static Builder builder() {
        return new Builder();
    }

    /** The backend and frontend images are built here: with --build, or for a version without published images. */
    public boolean buildsApplicationImages() {
        return run.build() || deployment.version().mustBuild();
    }

    @Override
    public String toString() {
        return "Settings[dir=" + deployment.dir() + ", project="
                + deployment.project().name() + ", profiles="
                + deployment.profiles() + ", domain=" + deployment.domain().orElse("") + ", auth=" + secrets.auth()
                + ", dryRun=" + run.dryRun() + "]";
    }

    /**
     * The one way to make {@link Settings}: {@link #build()} refuses a combination that contradicts
     * itself, with the words the user reads (an {@link IllegalArgumentException}). The rules are
     * static too, so that the resolver can refuse a contradiction before it asks any question.
     */
    public static final class Builder {
        private Path dir;
        private ModelMode modelMode;
        private OllamaMode ollamaMode = OllamaMode.NONE;
        private Optional<String> llmModel = Optional.empty();
        private boolean garage;
        private boolean caddy;
        private Optional<String> domain = Optional.empty();
        private Optional<String> publicIp = Optional.empty();
        private Optional<String> publicUrl = Optional.empty();
        private S3Settings s3 = S3Settings.none();
        private Optional<String> source = Optional.empty();
        private ProjectName project;
        private ReflectorVersion version;
        private AcmeSettings acme = AcmeSettings.none();
        private Optional<Integer> publicRetentionDays = Optional.empty();
        private boolean dryRun;
        private boolean build;
        private PullPolicy pull = PullPolicy.always;
        private boolean forceCaddyfile;
        private Set<String> ignoredPreflightChecks = Set.of();
        private StepSelection steps = StepSelection.all();
        private Optional<MoveStorage> moveStorage = Optional.empty();
        private AuthRequest auth = AuthRequest.keep();
        private Optional<String> hfToken = Optional.empty();

        private Builder() {}

        /** An Ollama model only with a local Ollama: an external LLM's model is set in server/.env. */
        public static void checkLlmModel(OllamaMode ollamaMode, boolean modelGiven) {
            if (modelGiven && !ollamaMode.enabled()) {
                throw new IllegalArgumentException("--llm-model: only with --ollama-gpu or --ollama-cpu (it names the "
                        + "model the local Ollama pulls; set LLM_MODEL in server/.env for an external LLM)");
            }
        }

        /** A URL of one's own proxy only without Caddy; a forced Caddyfile only with it. */
        public static void checkProxy(boolean caddy, Optional<String> publicUrl, boolean forceCaddyfile) {
            if (publicUrl.isPresent() && caddy) {
                throw new IllegalArgumentException(
                        "--public-url is for your own reverse proxy; with --caddy or --domain "
                                + "the URL follows from Caddy's address");
            }
            if (forceCaddyfile && !caddy) {
                throw new IllegalArgumentException("--force-caddyfile: only with --caddy or --domain");
            }
        }

        /** Authentication lives in three files: changing it in one of them alone would break the login. */
        public static void checkAuthSteps(AuthRequest.Mode auth, StepSelection steps) {
            if (auth != AuthRequest.Mode.KEEP
                    && !(steps.runs("secrets") && steps.runs("server-env") && steps.runs("www-env"))) {
                throw new IllegalArgumentException((auth == AuthRequest.Mode.PUBLIC ? "--public" : "--password")
                        + " changes authentication in the secrets, server-env and www-env steps together; "
                        + "do not leave one of them out with --only or --skip");
            }
        }

        public Builder dir(Path value) {
            dir = value;
            return this;
        }

        public Builder modelMode(ModelMode value) {
            modelMode = value;
            return this;
        }

        public Builder ollama(OllamaMode mode, Optional<String> model) {
            ollamaMode = mode;
            llmModel = model;
            return this;
        }

        public Builder garage(boolean value) {
            garage = value;
            return this;
        }

        /** Caddy runs with --caddy, and always for a domain. */
        public Builder caddy(boolean value) {
            caddy = value;
            return this;
        }

        public Builder domain(Optional<String> value) {
            domain = value;
            return this;
        }

        public Builder publicIp(Optional<String> value) {
            publicIp = value;
            return this;
        }

        public Builder publicUrl(Optional<String> value) {
            publicUrl = value;
            return this;
        }

        public Builder s3(S3Settings value) {
            s3 = value;
            return this;
        }

        public Builder source(Optional<String> value) {
            source = value;
            return this;
        }

        public Builder project(ProjectName value) {
            project = value;
            return this;
        }

        public Builder version(ReflectorVersion value) {
            version = value;
            return this;
        }

        public Builder acme(AcmeSettings value) {
            acme = value;
            return this;
        }

        public Builder publicRetentionDays(Optional<Integer> value) {
            publicRetentionDays = value;
            return this;
        }

        public Builder dryRun(boolean value) {
            dryRun = value;
            return this;
        }

        public Builder build(boolean value) {
            build = value;
            return this;
        }

        public Builder pull(PullPolicy value) {
            pull = value;
            return this;
        }

        public Builder forceCaddyfile(boolean value) {
            forceCaddyfile = value;
            return this;
        }

        public Builder ignoredPreflightChecks(Set<String> value) {
            ignoredPreflightChecks = Set.copyOf(value);
            return this;
        }

        public Builder steps(StepSelection value) {
            steps = value;
            return this;
        }

        public Builder moveStorage(Optional<MoveStorage> value) {
            moveStorage = value;
            return this;
        }

        public Builder auth(AuthRequest value) {
            auth = value;
            return this;
        }

        public Builder hfToken(Optional<String> value) {
            hfToken = value;
            return this;
        }

        public Settings build() {
            Objects.requireNonNull(dir, "settings without a directory");
            Objects.requireNonNull(modelMode, "settings without a model mode");
            Objects.requireNonNull(project, "settings without a Compose project");
            Objects.requireNonNull(version, "settings without a Reflector version");
            boolean withCaddy = caddy || domain.isPresent();
            checkLlmModel(ollamaMode, llmModel.isPresent());
            checkProxy(withCaddy, publicUrl, forceCaddyfile);
            checkAuthSteps(auth.mode(), steps);
            return new Settings(
                    new DeploymentSettings(
                            dir,
                            modelMode,
                            ollamaMode,
                            llmModel,
                            garage,
                            withCaddy,
                            domain,
                            publicIp,
                            publicUrl,
                            s3,
                            source,
                            project,
                            version,
                            acme,
                            publicRetentionDays),
                    new RunSettings(dryRun, build, pull, forceCaddyfile, ignoredPreflightChecks, steps, moveStorage),
                    new RunSecrets(auth, hfToken));
        }
    }
}
