package reflector.setup.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reflector.setup.catalog.Service;

/**
 * The components a deployment runs, as its install options choose them: where the models run,
 * the local Ollama and its model, Garage or external S3, and Caddy (with or without a domain) or
 * no proxy. The install's flags are the new state ({@link #of(DeploymentSettings)}); the deployment's
 * recorded options, or what its files and containers show, are the previous one
 * ({@link #fromArguments}). {@link ComponentSwitch#between} compares the two.
 *
 * @param llmModel the Ollama model; empty without Ollama
 * @param domain   the domain Caddy gets a certificate for; empty for a self-signed Caddy or none
 */
public record Components(ModelMode models, OllamaMode ollama, Optional<String> llmModel, boolean garage, boolean caddy,
        Optional<String> domain) {

    public Components {
        llmModel = ollama.enabled() ? llmModel.or(() -> Optional.of(Settings.DEFAULT_LLM_MODEL)) : Optional.empty();
        caddy = caddy || domain.isPresent();
    }

    /** What this run's options ask for. */
    public static Components of(DeploymentSettings settings) {
        return new Components(settings.modelMode(), settings.ollamaMode(), settings.llmModel(), settings.garage(),
                settings.caddy(), settings.domain());
    }

    /**
     * The components that install options name: the words of {@link InstallArguments} (as the root
     * .env records them, or as {@link InstallArguments#derive} reads them back). Empty when they name
     * no model mode, which every install has. Options that choose no component are passed over.
     */
    public static Optional<Components> fromArguments(List<String> words) {
        ModelMode models = null;
        OllamaMode ollama = OllamaMode.NONE;
        Optional<String> model = Optional.empty();
        boolean garage = false;
        boolean caddy = false;
        Optional<String> domain = Optional.empty();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            switch (word) {
                case "--gpu" -> models = ModelMode.GPU;
                case "--cpu" -> models = ModelMode.CPU;
                case "--ollama-gpu" -> ollama = OllamaMode.GPU;
                case "--ollama-cpu" -> ollama = OllamaMode.CPU;
                case "--garage" -> garage = true;
                case "--caddy" -> caddy = true;
                case "--llm-model" -> {
                    model = Optional.ofNullable(next);
                    i++;
                }
                case "--domain" -> {
                    domain = Optional.ofNullable(next);
                    i++;
                }
                default -> {
                    if (word.startsWith("--llm-model=")) {
                        model = Optional.of(word.substring("--llm-model=".length()));
                    } else if (word.startsWith("--domain=")) {
                        domain = Optional.of(word.substring("--domain=".length()));
                    }
                }
            }
        }
        return models == null ? Optional.empty() : Optional.of(new Components(models, ollama, model, garage, caddy, domain));
    }

    /** The Compose profiles that run these components, in the order {@link Settings#profiles()} has them. */
    public List<String> profiles() {
        List<String> profiles = new ArrayList<>();
        profiles.add(models.service());
        ollama.profile().ifPresent(profiles::add);
        if (garage) {
            profiles.add(Service.GARAGE.profile().orElseThrow());
        }
        if (caddy) {
            profiles.add(Service.CADDY.profile().orElseThrow());
        }
        return profiles;
    }

    /** "gpu" or "cpu". */
    public String modelsLabel() {
        return models.service();
    }

    /** "ollama-cpu (qwen2.5:14b)", or "none" without a local Ollama. */
    public String llmLabel() {
        return ollama.service().map(service -> service + " (" + llmModel.orElseThrow() + ")").orElse("none");
    }

    /** "garage" or "external S3". */
    public String storageLabel() {
        return garage ? "garage" : "external S3";
    }

    /** "caddy for the domain D", "caddy (self-signed)" or "none". */
    public String proxyLabel() {
        if (!caddy) {
            return "none";
        }
        return domain.map(name -> "caddy for the domain " + name).orElse("caddy (self-signed)");
    }
}
