package reflector.setup.config;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import reflector.setup.text.ShellWords;

/**
 * The install's choices as install options, without any secret: the summary's re-run command, and
 * what the root .env records as {@value #KEY}, so that upgrade and restore run the install again as
 * the deployment was made. Secrets, storage credentials, authentication, the HuggingFace token and
 * the Reflector version are not options here: a re-run keeps them from the env files.
 */
public final class InstallArguments {
    /** The root .env key that records the install options of the deployment. */
    public static final String KEY = "REFLECTOR_SETUP_ARGS";

    private InstallArguments() {
    }

    public static List<String> of(Settings settings) {
        List<String> words = new ArrayList<>();
        words.add("--" + settings.modelMode().service());
        settings.ollamaMode().profile().ifPresent(profile -> words.add("--" + profile));
        settings.llmModel().filter(model -> !model.equals(Settings.DEFAULT_LLM_MODEL))
                .ifPresent(model -> words.addAll(List.of("--llm-model", model)));
        if (settings.garage()) {
            words.add("--garage");
        }
        if (settings.domain().isPresent()) {
            words.addAll(List.of("--domain", settings.domain().get()));
        } else if (settings.caddy()) {
            words.add("--caddy");
        }
        if (settings.build()) {
            words.add("--build");
        }
        if (settings.pull() != PullPolicy.always) {
            words.addAll(List.of("--pull", settings.pull().name()));
        }
        settings.publicUrl().ifPresent(url -> words.addAll(List.of("--public-url", url)));
        settings.publicRetentionDays().ifPresent(days -> words.addAll(List.of("--public-retention-days", String.valueOf(days))));
        // The address as used now, so a re-run does not depend on detecting the same one again.
        settings.publicIp().ifPresent(ip -> words.addAll(List.of("--public-ip", ip)));
        if (!settings.ignoredPreflightChecks().isEmpty()) {
            words.addAll(List.of("--ignore-preflight", String.join(",", new TreeSet<>(settings.ignoredPreflightChecks()))));
        }
        return words;
    }

    /** As the root .env records it: one line of shell words. */
    public static String recorded(Settings settings) {
        return ShellWords.join(of(settings));
    }

    /** The options a recorded line holds; refuses anything that is not an option of this list. */
    public static List<String> parse(String recorded) {
        List<String> words = ShellWords.split(recorded);
        if (words.isEmpty() || !words.get(0).startsWith("--")) {
            throw new IllegalArgumentException(KEY + " in .env holds no install options: " + recorded);
        }
        return words;
    }

    /**
     * The options of a deployment installed before they were recorded, read back from what it has:
     * the model service that runs (gpu or cpu), LLM_URL and LLM_MODEL (Ollama), the storage
     * endpoint (Garage), the Caddyfile (Caddy, and the domain BASE_URL names), WEBRTC_HOST (the
     * address) and BASE_URL without Caddy (--public-url). Empty when the model service is unknown.
     */
    public static java.util.Optional<List<String>> derive(reflector.setup.envfile.EnvFile server, boolean caddyfile,
            java.util.Collection<String> services) {
        List<String> words = new ArrayList<>();
        if (services.contains("gpu")) {
            words.add("--gpu");
        } else if (services.contains("cpu")) {
            words.add("--cpu");
        } else {
            return java.util.Optional.empty();
        }
        String llmUrl = server.get("LLM_URL").orElse("");
        if (llmUrl.startsWith("http://ollama:") || llmUrl.startsWith("http://ollama-cpu:")) {
            words.add(llmUrl.startsWith("http://ollama:") ? "--ollama-gpu" : "--ollama-cpu");
            server.get("LLM_MODEL").filter(model -> !model.isEmpty() && !model.equals(Settings.DEFAULT_LLM_MODEL))
                    .ifPresent(model -> words.addAll(List.of("--llm-model", model)));
        }
        if (server.get("TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL").orElse("").startsWith("http://garage:")
                || services.contains("garage")) {
            words.add("--garage");
        }
        String baseUrl = server.get("BASE_URL").orElse("");
        java.util.Optional<String> ip = server.get("WEBRTC_HOST").filter(value -> !value.isEmpty());
        boolean caddy = caddyfile || services.contains("caddy");
        if (caddy) {
            String host = baseUrl.startsWith("https://") ? baseUrl.substring("https://".length()).replaceFirst("[:/].*$", "") : "";
            boolean named = !host.isEmpty() && !host.equals("localhost") && !host.matches("[0-9.]+") && !host.startsWith("[");
            words.addAll(named ? List.of("--domain", host) : List.of("--caddy"));
        } else if (!baseUrl.isEmpty() && !baseUrl.equals("http://localhost:1250")
                && !ip.map(address -> baseUrl.equals("http://" + address)).orElse(false)) {
            words.addAll(List.of("--public-url", baseUrl));
        }
        ip.ifPresent(address -> words.addAll(List.of("--public-ip", address)));
        return java.util.Optional.of(words);
    }
}
