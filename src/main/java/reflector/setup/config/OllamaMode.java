package reflector.setup.config;

import java.util.Optional;

/** Whether a local Ollama runs, and on which hardware. */
public enum OllamaMode {
    NONE(null, null),
    GPU("ollama-gpu", "ollama"),
    CPU("ollama-cpu", "ollama-cpu");

    private final String profile;
    private final String service;

    OllamaMode(String profile, String service) {
        this.profile = profile;
        this.service = service;
    }

    public Optional<String> profile() {
        return Optional.ofNullable(profile);
    }

    /** The compose service, which is also its host name inside the Docker network. */
    public Optional<String> service() {
        return Optional.ofNullable(service);
    }

    public boolean enabled() {
        return this != NONE;
    }
}
