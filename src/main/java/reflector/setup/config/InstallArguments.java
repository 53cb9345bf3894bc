package reflector.setup.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import reflector.setup.envfile.EnvFile;
import reflector.setup.text.ShellWords;

/**
 * The recorded choices of an install ({@link RecordedOptions}) as install options: the summary's
 * re-run command, and the messages that show how upgrade and restore run the install. Also the
 * two older ways to know them: format 1 of the record ({@value RecordedOptions#VERSION_1_KEY}, a
 * line of options), and what an install older than any record left in its files and containers.
 */
public final class InstallArguments {

    private InstallArguments() {}

    public static List<String> of(Settings settings) {
        return of(RecordedOptions.of(settings));
    }

    public static List<String> of(RecordedOptions recorded) {
        List<String> words = new ArrayList<>();
        words.add("--" + recorded.models().service());
        recorded.ollama().profile().ifPresent(profile -> words.add("--" + profile));
        recorded.llmModel().ifPresent(model -> words.addAll(List.of("--llm-model", model)));
        if (recorded.garage()) {
            words.add("--garage");
        }
        if (recorded.domain().isPresent()) {
            words.addAll(List.of("--domain", recorded.domain().get()));
        } else if (recorded.caddy()) {
            words.add("--caddy");
        }
        if (recorded.build()) {
            words.add("--build");
        }
        if (recorded.pull() != PullPolicy.always) {
            words.addAll(List.of("--pull", recorded.pull().name()));
        }
        recorded.publicUrl().ifPresent(url -> words.addAll(List.of("--public-url", url)));
        recorded.publicRetentionDays()
                .ifPresent(days -> words.addAll(List.of("--public-retention-days", String.valueOf(days))));
        recorded.publicIp().ifPresent(ip -> words.addAll(List.of("--public-ip", ip)));
        if (!recorded.ignoredPreflightChecks().isEmpty()) {
            words.addAll(List.of("--ignore-preflight", String.join(",", recorded.ignoredPreflightChecks())));
        }
        return words;
    }

    /** One line of shell words, as the re-run command shows them. */
    public static String line(RecordedOptions recorded) {
        return ShellWords.join(of(recorded));
    }

    /**
     * Format 1: the options as installers before format 2 wrote them, also in the --name=value
     * form and edited by hand. The option names here are those installers' and must not follow a
     * renamed option: they are how those deployments recorded themselves. Anything else is refused.
     */
    public static RecordedOptions readVersion1(String line) {
        List<String> words = ShellWords.split(line);
        ModelMode models = null;
        OllamaMode ollama = OllamaMode.NONE;
        Optional<String> llmModel = Optional.empty();
        boolean garage = false;
        boolean caddy = false;
        Optional<String> domain = Optional.empty();
        boolean build = false;
        PullPolicy pull = PullPolicy.always;
        Optional<String> publicUrl = Optional.empty();
        Optional<Integer> retentionDays = Optional.empty();
        Optional<String> publicIp = Optional.empty();
        TreeSet<String> ignored = new TreeSet<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            int equals = word.indexOf('=');
            String name = equals < 0 ? word : word.substring(0, equals);
            boolean takesValue = List.of(
                            "--llm-model",
                            "--domain",
                            "--pull",
                            "--public-url",
                            "--public-retention-days",
                            "--public-ip",
                            "--ignore-preflight")
                    .contains(name);
            String value = null;
            if (takesValue) {
                if (equals >= 0) {
                    value = word.substring(equals + 1);
                } else if (i + 1 < words.size()) {
                    value = words.get(++i);
                } else {
                    throw version1Error(name + " has no value", line);
                }
            } else if (equals >= 0) {
                throw version1Error(word + ": " + name + " takes no value", line);
            }
            switch (name) {
                case "--gpu" -> models = ModelMode.GPU;
                case "--cpu" -> models = ModelMode.CPU;
                case "--ollama-gpu" -> ollama = OllamaMode.GPU;
                case "--ollama-cpu" -> ollama = OllamaMode.CPU;
                case "--llm-model" -> llmModel = Optional.of(value);
                case "--garage" -> garage = true;
                case "--caddy" -> caddy = true;
                case "--domain" -> domain = Optional.of(value);
                case "--build" -> build = true;
                case "--pull" -> pull = pullPolicy(value, line);
                case "--public-url" -> publicUrl = Optional.of(value);
                case "--public-retention-days" -> retentionDays = Optional.of(days(value, line));
                case "--public-ip" -> publicIp = Optional.of(value);
                case "--ignore-preflight" -> Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(check -> !check.isEmpty())
                        .forEach(ignored::add);
                default -> throw version1Error(word + " is not an install option that is recorded", line);
            }
        }
        if (models == null) {
            throw version1Error("neither --gpu nor --cpu", line);
        }
        return new RecordedOptions(
                models,
                ollama,
                llmModel,
                garage,
                caddy,
                domain,
                build,
                pull,
                publicUrl,
                retentionDays,
                publicIp,
                ignored);
    }

    private static PullPolicy pullPolicy(String value, String line) {
        try {
            return PullPolicy.valueOf(value.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw version1Error("--pull " + value + ": not always, missing or never", line);
        }
    }

    private static int days(String value, String line) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw version1Error("--public-retention-days " + value + ": not a number", line);
        }
    }

    private static IllegalArgumentException version1Error(String problem, String line) {
        return new IllegalArgumentException(RecordedOptions.VERSION_1_KEY + ": " + problem + ": " + line);
    }

    /**
     * The options of a deployment installed before they were recorded, read back from what it has:
     * the model service that runs (gpu or cpu), LLM_URL and LLM_MODEL (Ollama), the storage
     * endpoint (Garage), the Caddyfile (Caddy, and the domain BASE_URL names), WEBRTC_HOST (the
     * address) and BASE_URL without Caddy (the public URL). Empty when the model service is unknown.
     */
    public static Optional<RecordedOptions> derive(EnvFile server, boolean caddyfile, Collection<String> services) {
        ModelMode models;
        if (services.contains("gpu")) {
            models = ModelMode.GPU;
        } else if (services.contains("cpu")) {
            models = ModelMode.CPU;
        } else {
            return Optional.empty();
        }
        OllamaMode ollama = OllamaMode.NONE;
        Optional<String> llmModel = Optional.empty();
        String llmUrl = server.get("LLM_URL").orElse("");
        if (llmUrl.startsWith("http://ollama:") || llmUrl.startsWith("http://ollama-cpu:")) {
            ollama = llmUrl.startsWith("http://ollama:") ? OllamaMode.GPU : OllamaMode.CPU;
            llmModel = server.get("LLM_MODEL").filter(model -> !model.isEmpty());
        }
        boolean garage =
                server.get("TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL").orElse("").startsWith("http://garage:")
                        || services.contains("garage");
        String baseUrl = server.get("BASE_URL").orElse("");
        Optional<String> ip = server.get("WEBRTC_HOST").filter(value -> !value.isEmpty());
        boolean caddy = caddyfile || services.contains("caddy");
        Optional<String> domain = Optional.empty();
        Optional<String> publicUrl = Optional.empty();
        if (caddy) {
            String host = baseUrl.startsWith("https://")
                    ? baseUrl.substring("https://".length()).replaceFirst("[:/].*$", "")
                    : "";
            boolean named =
                    !host.isEmpty() && !host.equals("localhost") && !host.matches("[0-9.]+") && !host.startsWith("[");
            domain = named ? Optional.of(host) : Optional.empty();
        } else if (!baseUrl.isEmpty()
                && !baseUrl.equals("http://localhost:1250")
                && !ip.map(address -> baseUrl.equals("http://" + address)).orElse(false)) {
            publicUrl = Optional.of(baseUrl);
        }
        return Optional.of(new RecordedOptions(
                models,
                ollama,
                llmModel,
                garage,
                caddy,
                domain,
                false,
                PullPolicy.always,
                publicUrl,
                Optional.empty(),
                ip,
                new TreeSet<>()));
    }
}
