package reflector.setup.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import reflector.setup.config.AcmeSettings;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.ModelMode;
import reflector.setup.config.OllamaMode;
import reflector.setup.config.ProjectName;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.config.S3Settings;
import reflector.setup.config.Settings;
import reflector.setup.config.StepSelection;
import reflector.setup.core.InstallerException;
import reflector.setup.envfile.EnvFile;
import reflector.setup.files.ExistingEnvFiles;
import reflector.setup.files.ExistingFiles;
import reflector.setup.files.FileBytes;
import reflector.setup.install.Host;
import reflector.setup.output.Console;
import reflector.setup.steps.StepRunner;
import reflector.setup.validation.Validators;

/**
 * Turns the options, environment variables and (when there is a terminal) answers to questions
 * into complete, validated {@link Settings}, before anything is written. Every problem is bad
 * input (exit 2); missing values are all named in one message. This class gathers: it reads the
 * deployment's env files once ({@link ExistingFiles#check}), the environment, the address and the
 * answers, in the order a user meets them; {@link SettingsRules} and {@link Settings.Builder}
 * decide on the values.
 */
final class SettingsResolver {
    static final String PASSWORD_ENV = "REFLECTOR_ADMIN_PASSWORD";

    private final InstallOptions options;
    private final Host host;
    private final Console console;
    private final Prompts prompts;
    private final List<String> missing = new ArrayList<>();
    private final VersionResolver versions;
    private final FileBytes files;
    private final Utf8Input utf8 = Utf8Input.system();

    SettingsResolver(InstallOptions options, Host host, Console console) {
        this(
                options,
                host,
                console,
                new VersionResolver(new GitRemote()::resolve, new GitCheckout()::head),
                FileBytes.DISK);
    }

    /** @param files how the deployment's files are read: the disk, outside tests */
    SettingsResolver(InstallOptions options, Host host, Console console, VersionResolver versions, FileBytes files) {
        this.versions = versions;
        this.options = options;
        this.host = host;
        this.console = console;
        this.files = files;
        this.prompts = new Prompts(host.terminal(), options.nonInteractive);
    }

    Settings resolve() {
        StepSelection steps = SettingsRules.steps(StepRunner.standard(), options.only, options.skip);
        Set<String> ignored = SettingsRules.preflightIgnores(options.ignorePreflight);
        if (options.modelMode == null) {
            throw InstallerException.badInput("one of --gpu or --cpu is required (where the transcription models run)");
        }
        ModelMode modelMode = options.modelMode.gpu ? ModelMode.GPU : ModelMode.CPU;
        OllamaMode ollamaMode =
                options.ollama == null ? OllamaMode.NONE : options.ollama.gpu ? OllamaMode.GPU : OllamaMode.CPU;
        Optional<String> llmModel = SettingsRules.llmModel(ollamaMode, options.llmModel);
        Optional<String> domain = optional("--domain", options.domain, Validators::domain);
        Optional<String> publicUrl = optional("--public-url", options.publicUrl, Validators::httpUrl);
        Optional<String> publicIp = optional("--public-ip", options.publicIp, value -> Validators.ipAddress(value)
                .getHostAddress());
        Optional<String> source = PathOptions.source(options.source);
        Path dir = PathOptions.deploymentDirectory(options);
        ExistingEnvFiles existing = ExistingFiles.check(dir, files);
        boolean caddy = options.caddy || domain.isPresent();
        SettingsRules.rule(() -> Settings.Builder.checkProxy(caddy, publicUrl, options.forceCaddyfile));
        AcmeSettings acme = new AcmeResolver(options, host.clock().instant()).resolve(domain, dir, existing.root());
        Optional<String> hfToken =
                optional("--hf-token", utf8.argument("--hf-token", options.hfToken), Validators::hfToken);
        S3Settings s3 = s3Settings();
        AuthRequest auth = auth();
        SettingsRules.rule(() -> Settings.Builder.checkAuthSteps(auth.mode(), steps));
        Optional<Integer> publicRetentionDays =
                RetentionResolver.resolve(options.publicRetentionDays, auth, steps, existing.server());

        if (publicIp.isEmpty()) {
            publicIp = host.addressDetector().get();
            publicIp.ifPresentOrElse(
                    ip -> console.detail("detected address " + ip + " (override with --public-ip)"),
                    () -> console.detail("no address detected; using localhost (set one with --public-ip)"));
        }
        if (hfToken.isEmpty() && steps.runs("server-env")) {
            hfToken = hfTokenFromEnvironmentOrPrompt(existing.root());
        }
        if (!options.garage && steps.runs("storage")) {
            s3 = completeS3(existing.server(), s3);
        }
        ProjectName project = DeploymentLocator.projectName(
                dir, Optional.ofNullable(options.projectName), host.env(), existing.root());
        ReflectorVersion version = versions.resolve(
                dir,
                Optional.ofNullable(options.reflectorVersion).map(String::strip),
                source,
                options.build,
                auth.mode(),
                existing.root());
        hfToken.ifPresent(host.masking()::add);
        s3.secretAccessKey().ifPresent(host.masking()::add);
        s3.accessKeyId().ifPresent(host.masking()::add);
        if (!missing.isEmpty()) {
            throw SettingsRules.missing(missing, prompts.interactive());
        }
        return Settings.builder()
                .dir(dir)
                .modelMode(modelMode)
                .ollama(ollamaMode, llmModel)
                .garage(options.garage)
                .caddy(caddy)
                .domain(domain)
                .publicIp(publicIp)
                .publicUrl(publicUrl)
                .s3(s3)
                .source(source)
                .project(project)
                .version(version)
                .acme(acme)
                .publicRetentionDays(publicRetentionDays)
                .dryRun(options.dryRun)
                .build(options.build)
                .pull(options.pull)
                .forceCaddyfile(options.forceCaddyfile)
                .ignoredPreflightChecks(ignored)
                .steps(steps)
                .moveStorage(Optional.ofNullable(options.moveStorage))
                .auth(auth)
                .hfToken(hfToken)
                .build();
    }

    private AuthRequest auth() {
        boolean passwordWanted = options.password != null || options.passwordFile != null;
        SettingsRules.checkAuthChoice(passwordWanted, options.makePublic);
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
        SettingsRules.checkPassword(password);
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
            for (String option : List.of(
                    "--s3-access-key-id", "--s3-secret-access-key", "--s3-bucket", "--s3-region", "--s3-endpoint")) {
                if (options.onCommandLine(option)) {
                    throw InstallerException.badInput(
                            option + ": not with --garage (Garage's own key and bucket are used)");
                }
            }
            return S3Settings.none();
        }
        // Given as options or, through EnvironmentDefaults, as REFLECTOR_S3_* variables.
        return new S3Settings(
                optional(
                        "--s3-access-key-id",
                        secret("--s3-access-key-id", options.s3AccessKeyId),
                        Validators::s3AccessKeyId),
                optional(
                        "--s3-secret-access-key",
                        secret("--s3-secret-access-key", options.s3SecretAccessKey),
                        Validators::s3SecretAccessKey),
                optional("--s3-bucket", options.s3Bucket, Validators::s3Bucket),
                optional("--s3-region", options.s3Region, Validators::s3Region),
                optional("--s3-endpoint", options.s3Endpoint, Validators::httpUrl));
    }

    /** Asks for the S3 values that neither the options nor server/.env have. */
    private S3Settings completeS3(EnvFile server, S3Settings given) {
        Optional<String> id = need(
                given.accessKeyId(),
                server,
                "TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID",
                "--s3-access-key-id",
                "S3 access key id",
                false,
                Validators::s3AccessKeyId);
        Optional<String> secret = need(
                given.secretAccessKey(),
                server,
                "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY",
                "--s3-secret-access-key",
                "S3 secret access key",
                true,
                Validators::s3SecretAccessKey);
        Optional<String> bucket = need(
                given.bucket(),
                server,
                "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME",
                "--s3-bucket",
                "S3 bucket",
                false,
                Validators::s3Bucket);
        Optional<String> region = need(
                given.region(),
                server,
                "TRANSCRIPT_STORAGE_AWS_REGION",
                "--s3-region",
                "S3 region",
                false,
                Validators::s3Region);
        Optional<String> endpoint = given.endpoint();
        if (endpoint.isEmpty()
                && SettingsRules.askedForS3(given, new S3Settings(id, secret, bucket, region, endpoint))) {
            String answer = prompts.s3Endpoint();
            endpoint = optional("--s3-endpoint", answer.isEmpty() ? null : answer, Validators::httpUrl);
        }
        return new S3Settings(id, secret, bucket, region, endpoint);
    }

    private Optional<String> need(
            Optional<String> given,
            EnvFile server,
            String key,
            String option,
            String question,
            boolean secret,
            UnaryOperator<String> validator) {
        if (SettingsRules.s3ValueKnown(given, server, key)) {
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

    /** The HF_TOKEN variable, or the answer, when the root .env has no token (see {@link SettingsRules#rootEnvKeepsHfToken}). */
    private Optional<String> hfTokenFromEnvironmentOrPrompt(EnvFile root) {
        Optional<String> fromEnvironment = optional(
                "HF_TOKEN", emptyToNull(utf8.environment("HF_TOKEN", host.env().get("HF_TOKEN"))), Validators::hfToken);
        if (SettingsRules.environmentHfTokenIgnored(root, fromEnvironment)) {
            console.info("HF_TOKEN in the environment differs from the one in .env, which is kept; "
                    + "--hf-token replaces it");
        }
        if (SettingsRules.rootEnvKeepsHfToken(root)) {
            return Optional.empty();
        }
        return fromEnvironment.isPresent()
                ? fromEnvironment
                : optional("--hf-token", prompts.hfToken().orElse(null), Validators::hfToken);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * A credential as typed (see {@link Utf8Input}): read back from the command line when it was
     * given there, else from its environment variable (filled in by {@link EnvironmentDefaults}).
     */
    private String secret(String option, String value) {
        if (value == null) {
            return null;
        }
        return options.onCommandLine(option)
                ? utf8.argument(option, value)
                : emptyToNull(utf8.environment(EnvironmentDefaults.VARIABLES.get(option), value));
    }

    private static Optional<String> optional(String option, String value, UnaryOperator<String> validator) {
        return SettingsRules.optional(option, value, validator);
    }
}
