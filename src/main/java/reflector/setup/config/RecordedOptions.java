package reflector.setup.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The install's choices as the deployment records them, so that upgrade, restore and the next
 * install's switches step know how it was made. No secret is among them: secrets, storage
 * credentials, authentication, the HuggingFace token and the Reflector version are kept by the env
 * files themselves.
 *
 * <p>The root .env (and a backup's manifest) holds them under the fixed keys of {@link #KEYS}, with
 * values of their own, never option names, so that renaming an option breaks no deployment.
 * docs/deployment.md lists them. Format 1, {@value #VERSION_1_KEY}, a line of install options, is
 * still read ({@link InstallArguments#readVersion1}); the next install writes format {@value #FORMAT}
 * in its place.
 *
 * @param llmModel            the Ollama model when it is not {@link Settings#DEFAULT_LLM_MODEL}
 * @param caddy               Caddy runs, with or without a domain
 * @param publicRetentionDays a public instance's retention, as server/.env has it
 * @param publicIp            the address the install used, so that a re-run does not detect another
 */
public record RecordedOptions(
        ModelMode models,
        OllamaMode ollama,
        Optional<String> llmModel,
        boolean garage,
        boolean caddy,
        Optional<String> domain,
        boolean build,
        PullPolicy pull,
        Optional<String> publicUrl,
        Optional<Integer> publicRetentionDays,
        Optional<String> publicIp,
        SortedSet<String> ignoredPreflightChecks) {

    /** The format this installer writes. */
    public static final int FORMAT = 2;

    public static final String FORMAT_KEY = "REFLECTOR_SETUP_FORMAT";
    /** Format 1: the install options as one line of shell words. */
    public static final String VERSION_1_KEY = "REFLECTOR_SETUP_ARGS";

    public static final String MODELS_KEY = "REFLECTOR_SETUP_MODELS";
    public static final String OLLAMA_KEY = "REFLECTOR_SETUP_OLLAMA";
    public static final String LLM_MODEL_KEY = "REFLECTOR_SETUP_LLM_MODEL";
    public static final String STORAGE_KEY = "REFLECTOR_SETUP_STORAGE";
    public static final String PROXY_KEY = "REFLECTOR_SETUP_PROXY";
    public static final String DOMAIN_KEY = "REFLECTOR_SETUP_DOMAIN";
    public static final String BUILD_KEY = "REFLECTOR_SETUP_BUILD";
    public static final String PULL_KEY = "REFLECTOR_SETUP_PULL";
    public static final String PUBLIC_URL_KEY = "REFLECTOR_SETUP_PUBLIC_URL";
    public static final String PUBLIC_RETENTION_DAYS_KEY = "REFLECTOR_SETUP_PUBLIC_RETENTION_DAYS";
    public static final String PUBLIC_IP_KEY = "REFLECTOR_SETUP_PUBLIC_IP";
    public static final String IGNORED_PREFLIGHT_KEY = "REFLECTOR_SETUP_IGNORED_PREFLIGHT";

    /** Every key of format {@value #FORMAT}, in the order they are written. */
    public static final List<String> KEYS = List.of(
            FORMAT_KEY,
            MODELS_KEY,
            OLLAMA_KEY,
            LLM_MODEL_KEY,
            STORAGE_KEY,
            PROXY_KEY,
            DOMAIN_KEY,
            BUILD_KEY,
            PULL_KEY,
            PUBLIC_URL_KEY,
            PUBLIC_RETENTION_DAYS_KEY,
            PUBLIC_IP_KEY,
            IGNORED_PREFLIGHT_KEY);

    private static final Map<ModelMode, String> MODELS = Map.of(ModelMode.GPU, "gpu", ModelMode.CPU, "cpu");
    private static final Map<OllamaMode, String> OLLAMA =
            Map.of(OllamaMode.NONE, "none", OllamaMode.GPU, "gpu", OllamaMode.CPU, "cpu");
    private static final Map<PullPolicy, String> PULL =
            Map.of(PullPolicy.always, "always", PullPolicy.missing, "missing", PullPolicy.never, "never");

    public RecordedOptions {
        llmModel = llmModel.filter(model -> !model.equals(Settings.DEFAULT_LLM_MODEL));
        caddy = caddy || domain.isPresent();
        ignoredPreflightChecks = new TreeSet<>(ignoredPreflightChecks);
    }

    public static RecordedOptions of(Settings settings) {
        DeploymentSettings deployment = settings.deployment();
        RunSettings run = settings.run();
        return new RecordedOptions(
                deployment.modelMode(),
                deployment.ollamaMode(),
                deployment.llmModel(),
                deployment.garage(),
                deployment.caddy(),
                deployment.domain(),
                run.build(),
                run.pull(),
                deployment.publicUrl(),
                deployment.publicRetentionDays(),
                deployment.publicIp(),
                new TreeSet<>(run.ignoredPreflightChecks()));
    }

    /** The keys and values of format {@value #FORMAT}, in the order of {@link #KEYS}; an empty value is "not set". */
    public Map<String, String> entries() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(FORMAT_KEY, String.valueOf(FORMAT));
        entries.put(MODELS_KEY, MODELS.get(models));
        entries.put(OLLAMA_KEY, OLLAMA.get(ollama));
        entries.put(LLM_MODEL_KEY, llmModel.orElse(""));
        entries.put(STORAGE_KEY, garage ? "garage" : "external");
        entries.put(PROXY_KEY, caddy ? "caddy" : "none");
        entries.put(DOMAIN_KEY, domain.orElse(""));
        entries.put(BUILD_KEY, String.valueOf(build));
        entries.put(PULL_KEY, PULL.get(pull));
        entries.put(PUBLIC_URL_KEY, publicUrl.orElse(""));
        entries.put(
                PUBLIC_RETENTION_DAYS_KEY,
                publicRetentionDays.map(String::valueOf).orElse(""));
        entries.put(PUBLIC_IP_KEY, publicIp.orElse(""));
        entries.put(IGNORED_PREFLIGHT_KEY, String.join(",", ignoredPreflightChecks));
        return entries;
    }

    /**
     * The options recorded under {@code recorded}'s keys (the root .env, a backup's manifest), in
     * either format; empty when none are. A format this installer does not know, or a value it
     * cannot read, is an {@link IllegalArgumentException} whose message names the key.
     */
    public static Optional<RecordedOptions> read(Function<String, Optional<String>> recorded) {
        Optional<Integer> format = format(recorded);
        if (format.isEmpty()) {
            return Optional.empty();
        }
        if (format.get() == 1) {
            return Optional.of(
                    InstallArguments.readVersion1(recorded.apply(VERSION_1_KEY).orElseThrow()));
        }
        Function<String, String> value = key -> recorded.apply(key).orElse("").strip();
        return Optional.of(new RecordedOptions(
                choice(MODELS, MODELS_KEY, value.apply(MODELS_KEY)),
                choice(OLLAMA, OLLAMA_KEY, value.apply(OLLAMA_KEY)),
                optional(value.apply(LLM_MODEL_KEY)),
                choice(Map.of(true, "garage", false, "external"), STORAGE_KEY, value.apply(STORAGE_KEY)),
                choice(Map.of(true, "caddy", false, "none"), PROXY_KEY, value.apply(PROXY_KEY)),
                optional(value.apply(DOMAIN_KEY)),
                choice(Map.of(true, "true", false, "false"), BUILD_KEY, value.apply(BUILD_KEY)),
                choice(PULL, PULL_KEY, value.apply(PULL_KEY)),
                optional(value.apply(PUBLIC_URL_KEY)),
                optional(value.apply(PUBLIC_RETENTION_DAYS_KEY)).map(days -> number(PUBLIC_RETENTION_DAYS_KEY, days)),
                optional(value.apply(PUBLIC_IP_KEY)),
                checks(value.apply(IGNORED_PREFLIGHT_KEY))));
    }

    /**
     * The format of the recorded options: {@value #FORMAT}, 1 for a {@value #VERSION_1_KEY} line
     * alone, empty when nothing is recorded. One a newer installer wrote is refused, so that nothing
     * reads options it does not understand.
     */
    public static Optional<Integer> format(Function<String, Optional<String>> recorded) {
        Optional<String> format = recorded.apply(FORMAT_KEY).map(String::strip).filter(value -> !value.isEmpty());
        if (format.isEmpty()) {
            return recorded.apply(VERSION_1_KEY)
                    .filter(value -> !value.isBlank())
                    .map(line -> 1);
        }
        if (!format.get().equals(String.valueOf(FORMAT))) {
            throw new IllegalArgumentException(
                    FORMAT_KEY + "=" + format.get() + ": the install options are recorded in a "
                            + "format this reflector-setup does not know (it reads 1 and " + FORMAT
                            + "); a newer reflector-setup "
                            + "wrote them: run that one");
        }
        return Optional.of(FORMAT);
    }

    private static <T> T choice(Map<T, String> values, String key, String value) {
        return values.entrySet().stream()
                .filter(entry -> entry.getValue().equals(value))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        key + "=" + value + ": not one of " + String.join(", ", new TreeSet<>(values.values()))));
    }

    private static Optional<String> optional(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static int number(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + ": not a number of days");
        }
    }

    private static SortedSet<String> checks(String value) {
        SortedSet<String> checks = new TreeSet<>();
        for (String check : value.split(",")) {
            if (!check.isBlank()) {
                checks.add(check.strip());
            }
        }
        return checks;
    }
}
