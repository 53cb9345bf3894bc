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
 * ({@link #of(RecordedOptions)}). {@link ComponentSwitch#between} compares the two.
 *
 * @param llmModel the Ollama model; empty without Ollama
 * @param domain   the domain Caddy gets a certificate for; empty for a self-signed Caddy or none
 */
public record Components(
        ModelMode models,
        OllamaMode ollama,
        Optional<String> llmModel,
        boolean garage,
        boolean caddy,
        Optional<String> domain) {

    public Components {
        llmModel = ollama.enabled() ? llmModel.or(() -> Optional.of(Settings.DEFAULT_LLM_MODEL)) : Optional.empty();
        caddy = caddy || domain.isPresent();
    }

    /** What this run's options ask for. */
    public static Components of(DeploymentSettings settings) {
        return new Components(
                settings.modelMode(),
                settings.ollamaMode(),
                settings.llmModel(),
                settings.garage(),
                settings.caddy(),
                settings.domain());
    }

    /** The components a deployment recorded (or, installed before any record, shows). */
    public static Components of(RecordedOptions recorded) {
        return new Components(
                recorded.models(),
                recorded.ollama(),
                recorded.llmModel(),
                recorded.garage(),
                recorded.caddy(),
                recorded.domain());
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
        return ollama.service()
                .map(service -> service + " (" + llmModel.orElseThrow() + ")")
                .orElse("none");
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
