package reflector.setup.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import reflector.setup.config.MoveStorage;
import reflector.setup.config.PullPolicy;
import reflector.setup.config.Release;
import reflector.setup.config.Releases;
import reflector.setup.core.InstallerException;
import reflector.setup.files.RealPaths;
import reflector.setup.output.OutputFormat;
import reflector.setup.preflight.PreflightChecks;
import reflector.setup.steps.StepRunner;
import reflector.setup.validation.Validators;

/** The install command's options, as picocli fills them. {@link SettingsResolver} makes sense of them. */
public final class InstallOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    static final class ModelModeGroup {
        @Option(names = "--gpu", required = true, description = "Run the models on an NVIDIA GPU (profile gpu).")
        boolean gpu;

        @Option(names = "--cpu", required = true, description = "Run the models on the CPU (profile cpu).")
        boolean cpu;
    }

    static final class OllamaGroup {
        @Option(
                names = "--ollama-gpu",
                required = true,
                description = "Run Ollama locally on the GPU for summaries and topics.")
        boolean gpu;

        @Option(names = "--ollama-cpu", required = true, description = "Run Ollama locally on the CPU.")
        boolean cpu;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ModelModeGroup modelMode;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    OllamaGroup ollama;

    @Option(
            names = "--llm-model",
            paramLabel = "MODEL",
            description =
                    "The Ollama model to pull and use (default: qwen2.5:14b). Only with --ollama-gpu/--ollama-cpu.")
    String llmModel;

    @Option(names = "--garage", description = "Run Garage, a local S3-compatible store, for audio and results.")
    boolean garage;

    @Option(names = "--caddy", description = "Run Caddy as the HTTPS reverse proxy on ports 80 and 443.")
    boolean caddy;

    @Option(
            names = "--domain",
            paramLabel = "DOMAIN",
            description = "The public domain name; Caddy gets a certificate for it from Let's Encrypt (or --acme-ca), "
                    + "and the install waits until Caddy serves it. Implies --caddy.")
    String domain;

    @Option(
            names = "--acme-ca",
            paramLabel = "URL",
            description =
                    "The ACME directory Caddy gets the domain's certificate from (default: Let's Encrypt), such as "
                            + "your company's step-ca; 'default' goes back to Let's Encrypt. Only with --domain; kept on re-runs.")
    String acmeCa;

    @Option(
            names = "--staging",
            description =
                    "Get the certificate from Let's Encrypt's staging CA: not trusted by "
                            + "browsers, but with rate limits generous enough to try things out. Only with --domain; kept on re-runs.")
    boolean staging;

    @Option(
            names = "--acme-ca-root",
            paramLabel = "FILE",
            description =
                    "The PEM root certificate that the --acme-ca directory's own TLS certificate chains to (a private "
                            + "CA); copied to data/caddy-trust/ and mounted read-only into Caddy. Only with --domain; kept on re-runs.")
    Path acmeCaRoot;

    @Option(
            names = "--acme-email",
            paramLabel = "ADDR",
            description =
                    "The e-mail address of the CA account (expiry and policy notices). Only with --domain; kept on re-runs.")
    String acmeEmail;

    @Option(
            names = "--build",
            description = "Build the backend and frontend images from source instead of pulling them.")
    boolean build;

    @Option(
            names = "--pull",
            paramLabel = "WHEN",
            defaultValue = "always",
            description = "Pull the prebuilt backend and frontend images: always, missing (only when not on this host) "
                    + "or never (default: ${DEFAULT-VALUE}).")
    PullPolicy pull;

    @Option(
            names = "--source",
            paramLabel = "DIR|GIT-URL",
            description = "Build all three images from this Reflector checkout, or from a Git URL (url#ref).")
    String source;

    @Option(
            names = "--reflector-version",
            paramLabel = "REF",
            completionCandidates = ReleaseTags.class,
            description =
                    "The Reflector version to deploy: a release (${COMPLETION-CANDIDATES}; its images are pulled), "
                            + "or with --build a branch or full commit. Default: as recorded at install, else "
                            + Releases.DEFAULT_TAG + ".")
    String reflectorVersion;

    @Option(
            names = "--project-name",
            paramLabel = "NAME",
            description = "The Compose project of a first install (default: COMPOSE_PROJECT_NAME, else the directory's "
                    + "name, as Compose names it). It is recorded in .env and cannot change later.")
    String projectName;

    @Option(
            names = "--password",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "PASSWORD",
            description = "Require login with one admin account (admin@localhost). Without a value the password is "
                    + "read from --password-file, REFLECTOR_ADMIN_PASSWORD or a prompt without echo; a value here "
                    + "shows up in the process list and shell history.")
    String password;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "Read the admin password from the first line of FILE. Implies --password.")
    Path passwordFile;

    @Option(
            names = "--public",
            description = "Turn authentication off (anyone who can reach the server sees every meeting). "
                    + "A re-run without --password never does this by itself.")
    boolean makePublic;

    /** A string, so that a bad value gets the installer's own one-line message (see RetentionResolver). */
    @Option(
            names = "--public-retention-days",
            paramLabel = "DAYS",
            description = "A public instance's backend deletes every anonymous transcript (without login: all of them) "
                    + "and its recording after this many days (default 7); 1 to 36500. Only for a public instance; "
                    + "kept on re-runs.")
    String publicRetentionDays;

    /** Inherited: the day-two commands take it too, before or after their name. */
    @Option(
            names = "--dir",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "The deployment directory (default: the current directory).")
    Path dir;

    @Option(
            names = "--hf-token",
            paramLabel = "TOKEN",
            description =
                    "HuggingFace token for the pyannote diarization models; replaces the one in .env "
                            + "(env HF_TOKEN is used only while .env has none). Optional: without one the model server uses a public copy.")
    String hfToken;

    @Option(
            names = "--s3-access-key-id",
            paramLabel = "ID",
            description = "External S3 access key id (env REFLECTOR_S3_ACCESS_KEY_ID).")
    String s3AccessKeyId;

    @Option(
            names = "--s3-secret-access-key",
            paramLabel = "KEY",
            description = "External S3 secret key (env REFLECTOR_S3_SECRET_ACCESS_KEY; prefer the variable).")
    String s3SecretAccessKey;

    @Option(names = "--s3-bucket", paramLabel = "NAME", description = "External S3 bucket (env REFLECTOR_S3_BUCKET).")
    String s3Bucket;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "External S3 region (env REFLECTOR_S3_REGION).")
    String s3Region;

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            description = "Endpoint of an S3-compatible service such as MinIO (env REFLECTOR_S3_ENDPOINT).")
    String s3Endpoint;

    @Option(
            names = "--move-storage",
            paramLabel = "copy|leave",
            description = "When this run moves the storage to another bucket (Garage to external S3, back, or another "
                    + "bucket): copy the stored objects to the new bucket under the same keys (streamed, verified, "
                    + "resumable), or leave them where they are. Without it such a run is refused (exit 2).")
    MoveStorage moveStorage;

    @Option(
            names = "--public-ip",
            paramLabel = "IP",
            description = "The server's address for WebRTC and the URLs, instead of detecting it.")
    String publicIp;

    @Option(
            names = "--public-url",
            paramLabel = "URL",
            description =
                    "The URL users open, when your own reverse proxy serves Reflector; sets BASE_URL, CORS_ORIGIN, SITE_URL, NEXTAUTH_URL and API_URL.")
    String publicUrl;

    @Option(
            names = "--install-docker",
            description =
                    "When Docker Engine or the Compose plugin is missing, install them "
                            + "first with this distribution's commands (Debian, Ubuntu; needs root); each command is printed before it runs.")
    boolean installDocker;

    @Option(
            names = "--non-interactive",
            description = "Never ask; fail with exit code 2 naming every missing value. Implied without a terminal.")
    boolean nonInteractive;

    @Option(
            names = "--dry-run",
            description = "Print the plan (a diff of every file and the Docker actions) and change nothing.")
    boolean dryRun;

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "STEP",
            description = "Run only these steps: ${COMPLETION-CANDIDATES}.",
            completionCandidates = StepNames.class)
    List<String> only = new ArrayList<>();

    @Option(
            names = "--skip",
            split = ",",
            paramLabel = "STEP",
            description = "Skip these steps.",
            completionCandidates = StepNames.class)
    List<String> skip = new ArrayList<>();

    @Option(
            names = "--force-caddyfile",
            description = "Replace a hand-edited Caddyfile (the old one is kept as Caddyfile.backup-TIME).")
    boolean forceCaddyfile;

    @Option(
            names = "--ignore-preflight",
            split = ",",
            paramLabel = "CHECK",
            description = "Turn these preflight failures into warnings: ${COMPLETION-CANDIDATES}.",
            completionCandidates = PreflightNames.class)
    List<String> ignorePreflight = new ArrayList<>();

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "The result on stdout: text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    /** Whether the option was on the command line, not filled in from the environment (see {@link EnvironmentDefaults}). */
    boolean onCommandLine(String option) {
        return command != null
                && command.commandLine() != null
                && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * The deployment directory as a real path (a symlinked parent cannot make two runs see two
     * directories); the current directory without --dir. An empty value or control characters are bad input.
     */
    Path deploymentDir() {
        if (dir != null && dir.toString().isEmpty()) {
            throw InstallerException.badInput("--dir: must not be empty (leave it out for the current directory)");
        }
        Path resolved = RealPaths.of(dir == null ? Path.of("") : dir);
        try {
            Validators.noControlCharacters(resolved.toString());
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput("--dir: " + e.getMessage());
        }
        return resolved;
    }

    static final class StepNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        StepNames() {
            super(StepRunner.standard().selectableNames());
        }
    }

    /** The releases of the release table, for help and completion. */
    static final class ReleaseTags extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ReleaseTags() {
            super(Releases.deployable().stream().map(Release::tag).toList());
        }
    }

    static final class PreflightNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        PreflightNames() {
            super(PreflightChecks.names());
            add("all");
        }
    }
}
