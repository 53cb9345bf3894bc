package reflector.setup.support;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import reflector.setup.config.AcmeSettings;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.ModelMode;
import reflector.setup.config.MoveStorage;
import reflector.setup.config.OllamaMode;
import reflector.setup.config.ProjectName;
import reflector.setup.config.PullPolicy;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.config.S3Settings;
import reflector.setup.config.Settings;

/** {@link Settings} for step tests, through {@link Settings#builder()}: a CPU install with an address, everything else off unless set. */
public final class SettingsBuilder {
    private Path dir = Path.of("/tmp/reflector");
    private ModelMode modelMode = ModelMode.CPU;
    private OllamaMode ollamaMode = OllamaMode.NONE;
    private Optional<String> llmModel = Optional.empty();
    private boolean garage;
    private boolean caddy;
    private Optional<String> domain = Optional.empty();
    private boolean build;
    private PullPolicy pull = PullPolicy.always;
    private AuthRequest auth = AuthRequest.keep();
    private Optional<String> publicIp = Optional.of("192.0.2.10");
    private Set<String> ignoredPreflightChecks = Set.of();
    private boolean dryRun;
    private String project = "reflector-test";
    private ReflectorVersion version = ReflectorVersion.release("v0.34.0", "https://example.invalid/reflector.git");
    private AcmeSettings acme = AcmeSettings.none();
    private Optional<Integer> publicRetentionDays = Optional.empty();
    private Optional<MoveStorage> moveStorage = Optional.empty();
    private S3Settings s3 = S3Settings.none();

    public static SettingsBuilder cpu(Path dir) {
        SettingsBuilder builder = new SettingsBuilder();
        builder.dir = dir;
        return builder;
    }

    public SettingsBuilder modelMode(ModelMode value) {
        modelMode = value;
        return this;
    }

    public SettingsBuilder ollama(OllamaMode mode, String model) {
        ollamaMode = mode;
        llmModel = Optional.of(model);
        return this;
    }

    public SettingsBuilder garage() {
        garage = true;
        return this;
    }

    public SettingsBuilder caddy() {
        caddy = true;
        return this;
    }

    public SettingsBuilder domain(String value) {
        caddy = true;
        domain = Optional.of(value);
        return this;
    }

    public SettingsBuilder build(boolean value) {
        build = value;
        return this;
    }

    public SettingsBuilder pull(PullPolicy value) {
        pull = value;
        return this;
    }

    public SettingsBuilder auth(AuthRequest value) {
        auth = value;
        return this;
    }

    public SettingsBuilder publicIp(Optional<String> value) {
        publicIp = value;
        return this;
    }

    public SettingsBuilder ignorePreflight(Set<String> checks) {
        ignoredPreflightChecks = checks;
        return this;
    }

    public SettingsBuilder dryRun() {
        dryRun = true;
        return this;
    }

    public SettingsBuilder project(String value) {
        project = value;
        return this;
    }

    public SettingsBuilder version(ReflectorVersion value) {
        version = value;
        return this;
    }

    public SettingsBuilder acme(AcmeSettings value) {
        acme = value;
        return this;
    }

    public SettingsBuilder publicRetentionDays(int days) {
        publicRetentionDays = Optional.of(days);
        return this;
    }

    public SettingsBuilder moveStorage(MoveStorage value) {
        moveStorage = Optional.of(value);
        return this;
    }

    /** External S3 values given in this run (not with {@link #garage()}). */
    public SettingsBuilder s3(S3Settings value) {
        s3 = value;
        return this;
    }

    public Settings build() {
        return Settings.builder()
                .dir(dir)
                .modelMode(modelMode)
                .ollama(ollamaMode, llmModel)
                .garage(garage)
                .caddy(caddy)
                .domain(domain)
                .publicIp(publicIp)
                .s3(s3)
                .project(new ProjectName(project, "test"))
                .version(version)
                .acme(acme)
                .publicRetentionDays(publicRetentionDays)
                .dryRun(dryRun)
                .build(build)
                .pull(pull)
                .ignoredPreflightChecks(ignoredPreflightChecks)
                .moveStorage(moveStorage)
                .auth(auth)
                .build();
    }
}
