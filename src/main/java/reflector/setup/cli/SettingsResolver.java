package reflector.setup.cli;

import static reflector.setup.config.DeploymentFiles.ROOT_ENV;
import static reflector.setup.config.DeploymentFiles.SERVER_ENV;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import reflector.setup.install.Host;
import reflector.setup.core.InstallerException;
import reflector.setup.config.AcmeSettings;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.ModelMode;
import reflector.setup.config.ProjectName;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.config.OllamaMode;
import reflector.setup.config.S3Settings;
import reflector.setup.config.Settings;
import reflector.setup.config.StepSelection;
import reflector.setup.envfile.EnvFile;
import reflector.setup.files.ExistingFiles;
import reflector.setup.text.SafeText;
import reflector.setup.output.Console;
import reflector.setup.preflight.PreflightChecks;
import reflector.setup.secrets.PasswordHasher;
import reflector.setup.steps.StepRunner;
import reflector.setup.validation.Validators;

/**
 * Turns the options, environment variables and (when there is a terminal) answers to questions
 * into complete, validated {@link Settings}, before anything is written. Every problem is bad
 * input (exit 2); missing values are all named in one message.
 */
final class SettingsResolver {
    static final int MIN_PASSWORD_LENGTH = 8;
    /** PBKDF2 hashes any length, but nobody types more; a megabyte on the command line is a mistake. */
    static final int MAX_PASSWORD_LENGTH = 1024;
    static final String PASSWORD_ENV = "REFLECTOR_ADMIN_PASSWORD";

    private final InstallOptions options;
    private final Host host;
    private final Console console;
    private final Prompts prompts;
    private final List<String> missing = new ArrayList<>();
    private final VersionResolver versions;
    private final Utf8Input utf8 = Utf8Input.system();

    SettingsResolver(InstallOptions options, Host host, Console console) {
        this(options, host, console, new VersionResolver(new GitRemote()::resolve, new GitCheckout()::head));
    }

    SettingsResolver(InstallOptions options, Host host, Console console, VersionResolver versions) {
        this.versions = versions;
        this.options = options;
        this.host = host;
        this.console = console;
        this.prompts = new Prompts(host.terminal(), options.nonInteractive);
    }

    Settings resolve() {
        StepRunner runner = StepRunner.standard();
        StepSelection steps;
        try {
            steps = runner.select(options.only, options.skip);
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput(e.getMessage());
        }
        if (runner.selectableNames().stream().noneMatch(steps::runs)) {
            throw InstallerException.badInput("--only/--skip: no step is left to run (--only "
                    + String.join(",", options.only) + ", --skip " + String.join(",", options.skip) + ")");
        }
        Set<String> ignored = preflightIgnores();
        if (options.modelMode == null) {
            throw InstallerException.badInput("one of --gpu or --cpu is required (where the transcription models run)");
        }
        ModelMode modelMode = options.modelMode.gpu ? ModelMode.GPU : ModelMode.CPU;
        OllamaMode ollamaMode = options.ollama == null ? OllamaMode.NONE
                : options.ollama.gpu ? OllamaMode.GPU : OllamaMode.CPU;
        Optional<String> llmModel = llmModel(ollamaMode);
        Optional<String> domain = optional("--domain", options.domain, Validators::domain);
        Optional<String> publicUrl = optional("--public-url", options.publicUrl, Validators::httpUrl);
        Optional<String> publicIp = optional("--public-ip", options.publicIp,
                value -> Validators.ipAddress(value).getHostAddress());
        Optional<String> source = PathOptions.source(options.source);
        Path dir = PathOptions.deploymentDirectory(options);
        ExistingFiles.check(dir);
        boolean caddy = options.caddy || domain.isPresent();
        if (publicUrl.isPresent() && caddy) {
            throw InstallerException.badInput("--public-url is for your own reverse proxy; with --caddy or --domain "
                    + "the URL follows from Caddy's address");
        }
        if (options.forceCaddyfile && !caddy) {
            throw InstallerException.badInput("--force-caddyfile: only with --caddy or --domain");
        }
        AcmeSettings acme = new AcmeResolver(options, host.clock().instant())
                .resolve(domain, dir, readEnv(dir, ROOT_ENV));
        Optional<String> hfToken = optional("--hf-token", utf8.argument("--hf-token", options.hfToken), Validators::hfToken);
        S3Settings s3 = s3Settings();
        AuthRequest auth = auth();
        if (auth.mode() != AuthRequest.Mode.KEEP
                && !(steps.runs("secrets") && steps.runs("server-env") && steps.runs("www-env"))) {
            throw InstallerException.badInput((auth.mode() == AuthRequest.Mode.PUBLIC ? "--public" : "--password")
                    + " changes authentication in the secrets, server-env and www-env steps together; "
                    + "do not leave one of them out with --only or --skip");
        }

        Optional<Integer> publicRetentionDays = RetentionResolver.resolve(options.publicRetentionDays, auth, steps,
                readEnv(dir, SERVER_ENV));

        if (publicIp.isEmpty()) {
            publicIp = host.addressDetector().get();
            publicIp.ifPresentOrElse(ip -> console.detail("detected address " + ip + " (override with --public-ip)"),
                    () -> console.detail("no address detected; using localhost (set one with --public-ip)"));
        }
        if (hfToken.isEmpty() && steps.runs("server-env")) {
            hfToken = hfTokenFromEnvironmentOrPrompt(dir);
        }
        if (!options.garage && steps.runs("storage")) {
            s3 = completeS3(dir, s3);
        }
        EnvFile rootEnv = readEnv(dir, ROOT_ENV);
        ProjectName project = DeploymentLocator.projectName(dir, Optional.ofNullable(options.projectName), host.env(), rootEnv);
        ReflectorVersion version = versions.resolve(dir, Optional.ofNullable(options.reflectorVersion).map(String::strip), source,
                options.build, auth.mode(), rootEnv);
        hfToken.ifPresent(host.masking()::add);
        s3.secretAccessKey().ifPresent(host.masking()::add);
        s3.accessKeyId().ifPresent(host.masking()::add);
        if (!missing.isEmpty()) {
            throw InstallerException.badInput("missing " + String.join(", ", missing)
                    + (prompts.interactive() ? "" : " (no terminal to ask; give them as options or environment variables)"));
        }
        return new Settings(dir, modelMode, ollamaMode, llmModel, options.garage, caddy, domain, options.build, options.pull, auth,
                publicIp, publicUrl, hfToken, s3, source, options.forceCaddyfile, options.dryRun, ignored, steps, project, version,
                acme, publicRetentionDays, Optional.ofNullable(options.moveStorage));
    }

    private Set<String> preflightIgnores() {
        Set<String> ignored = new LinkedHashSet<>();
        for (String name : options.ignorePreflight) {
            String trimmed = name.trim();
            if (!trimmed.equals("all") && !PreflightChecks.names().contains(trimmed)) {
                throw InstallerException.badInput("--ignore-preflight: unknown check " + SafeText.quote(trimmed) + "; checks are "
                        + String.join(", ", PreflightChecks.names()) + " or all");
            }
            ignored.add(trimmed);
        }
        return Set.copyOf(ignored);
    }

    private Optional<String> llmModel(OllamaMode ollamaMode) {
        if (options.llmModel != null && !ollamaMode.enabled()) {
            throw InstallerException.badInput("--llm-model: only with --ollama-gpu or --ollama-cpu (it names the "
                    + "model the local Ollama pulls; set LLM_MODEL in server/.env for an external LLM)");
        }
        if (!ollamaMode.enabled()) {
            return Optional.empty();
        }
        return Optional.of(check("--llm-model",
                () -> Validators.ollamaModel(firstOf(options.llmModel, Settings.DEFAULT_LLM_MODEL))));
    }

    private AuthRequest auth() {
        boolean passwordWanted = options.password != null || options.passwordFile != null;
        if (passwordWanted && options.makePublic) {
            throw InstallerException.badInput("--password and --public contradict each other");
        }
        if (options.makePublic) {
            return AuthRequest.makePublic();
        }
        if (!passwordWanted) {
            return AuthRequest.keep();
        }
        char[] password = readPassword();
        if (password == null) {
            missing.add("the admin password (--password-file FILE or " + PASSWORD_ENV + ")");
            return AuthRequest.keep();
        }
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw InstallerException.badInput("--password: the admin password must be at least "
                    + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length > MAX_PASSWORD_LENGTH) {
            throw InstallerException.badInput("--password: the admin password must be at most "
                    + MAX_PASSWORD_LENGTH + " characters");
        }
        for (char c : password) {
            if (c == '\n' || c == '\r' || c == '\0') {
                throw InstallerException.badInput("--password: the admin password must be one line");
            }
            if (Character.isISOControl(c) || c == Utf8Input.REPLACEMENT || c == '\uFEFF'
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                throw InstallerException.badInput("--password: the admin password must not contain control "
                        + "characters, direction overrides or U+FFFD (a character that could not be decoded)");
            }
        }
        if (!PasswordHasher.isUtf8(password)) {
            throw InstallerException.badInput("--password: the admin password is not valid Unicode (it has an unpaired "
                    + "surrogate, which has no UTF-8 encoding)");
        }
        host.masking().add(new String(password));
        return AuthRequest.password(password);
    }

    private char[] readPassword() {
        if (options.password != null && !options.password.isEmpty()) {
            console.warn("a password given on the command line is visible in the process list and shell history; "
                    + "prefer a bare --password, --password-file or " + PASSWORD_ENV);
            return utf8.argument("--password", options.password).toCharArray();
        }
        if (options.passwordFile != null) {
            return PasswordFile.firstLine(options.passwordFile);
        }
        String fromEnv = host.env().get(PASSWORD_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return utf8.environment(PASSWORD_ENV, fromEnv).toCharArray();
        }
        return prompts.adminPassword();
    }

    private S3Settings s3Settings() {
        if (options.garage) {
            for (String option : List.of("--s3-access-key-id", "--s3-secret-access-key", "--s3-bucket", "--s3-region", "--s3-endpoint")) {
                if (options.onCommandLine(option)) {
                    throw InstallerException.badInput(option + ": not with --garage (Garage's own key and bucket are used)");
                }
            }
            return S3Settings.none();
        }
        // Given as options or, through EnvironmentDefaults, as REFLECTOR_S3_* variables.
        return new S3Settings(
                optional("--s3-access-key-id", secret("--s3-access-key-id", options.s3AccessKeyId),
                        Validators::s3AccessKeyId),
                optional("--s3-secret-access-key", secret("--s3-secret-access-key", options.s3SecretAccessKey),
                        Validators::s3SecretAccessKey),
                optional("--s3-bucket", options.s3Bucket, Validators::s3Bucket),
                optional("--s3-region", options.s3Region, Validators::s3Region),
                optional("--s3-endpoint", options.s3Endpoint, Validators::httpUrl));
    }

    /** Asks for the S3 values that neither the options nor server/.env have. */
    private S3Settings completeS3(Path dir, S3Settings given) {
        EnvFile server = readEnv(dir, SERVER_ENV);
        Optional<String> id = need(given.accessKeyId(), server, "TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID",
                "--s3-access-key-id", "S3 access key id", false, Validators::s3AccessKeyId);
        Optional<String> secret = need(given.secretAccessKey(), server, "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY",
                "--s3-secret-access-key", "S3 secret access key", true, Validators::s3SecretAccessKey);
        Optional<String> bucket = need(given.bucket(), server, "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME", "--s3-bucket",
                "S3 bucket", false, Validators::s3Bucket);
        Optional<String> region = need(given.region(), server, "TRANSCRIPT_STORAGE_AWS_REGION", "--s3-region",
                "S3 region", false, Validators::s3Region);
        boolean asked = id.isPresent() && given.accessKeyId().isEmpty() || secret.isPresent() && given.secretAccessKey().isEmpty()
                || bucket.isPresent() && given.bucket().isEmpty() || region.isPresent() && given.region().isEmpty();
        Optional<String> endpoint = given.endpoint();
        if (endpoint.isEmpty() && asked) {
            String answer = prompts.s3Endpoint();
            endpoint = optional("--s3-endpoint", answer.isEmpty() ? null : answer, Validators::httpUrl);
        }
        return new S3Settings(id, secret, bucket, region, endpoint);
    }

    private Optional<String> need(Optional<String> given, EnvFile server, String key, String option,
            String question, boolean secret, UnaryOperator<String> validator) {
        if (given.isPresent() || !server.get(key).orElse("").isEmpty()) {
            return given;
        }
        if (!prompts.interactive()) {
            missing.add(option + " (or " + EnvironmentDefaults.VARIABLES.get(option) + ")");
            return Optional.empty();
        }
        String answer = prompts.s3Value(option, question, secret);
        if (answer.isEmpty()) {
            missing.add(option);
            return Optional.empty();
        }
        return optional(option, answer, validator);
    }

    /**
     * As the original: the root .env's token (even an empty one, which means "skipped") wins over
     * the HF_TOKEN variable, which is only used, or asked for, when the .env has none. A variable
     * that would be ignored is pointed out rather than silently dropped.
     */
    private Optional<String> hfTokenFromEnvironmentOrPrompt(Path dir) {
        EnvFile root = readEnv(dir, ROOT_ENV);
        Optional<String> fromEnvironment = optional("HF_TOKEN",
                emptyToNull(utf8.environment("HF_TOKEN", host.env().get("HF_TOKEN"))), Validators::hfToken);
        if (root.has("HF_TOKEN")) {
            if (fromEnvironment.isPresent() && !fromEnvironment.equals(root.get("HF_TOKEN"))) {
                console.info("HF_TOKEN in the environment differs from the one in .env, which is kept; "
                        + "--hf-token replaces it");
            }
            return Optional.empty();
        }
        return fromEnvironment.isPresent() ? fromEnvironment
                : optional("--hf-token", prompts.hfToken().orElse(null), Validators::hfToken);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static EnvFile readEnv(Path dir, String relative) {
        return ExistingFiles.readEnv(dir, relative).orElseGet(() -> EnvFile.parse(""));
    }

    /**
     * A credential as typed (see {@link Utf8Input}): read back from the command line when it was
     * given there, else from its environment variable (filled in by {@link EnvironmentDefaults}).
     */
    private String secret(String option, String value) {
        if (value == null) {
            return null;
        }
        return options.onCommandLine(option) ? utf8.argument(option, value)
                : emptyToNull(utf8.environment(EnvironmentDefaults.VARIABLES.get(option), value));
    }

    private static String firstOf(String first, String second) {
        return first != null ? first : (second == null || second.isEmpty() ? null : second);
    }

    private static Optional<String> optional(String option, String value, UnaryOperator<String> validator) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(check(option, () -> validator.apply(value)));
    }

    private static <T> T check(String option, java.util.function.Supplier<T> validation) {
        try {
            return validation.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw InstallerException.badInput(message.startsWith(option) ? message : option + ": " + message);
        }
    }
}
