package reflector.setup.config;

import java.util.Optional;
import reflector.setup.catalog.Service;

/** Whether a local Ollama runs, and on which hardware: one of the catalog's two Ollama services. */
public enum OllamaMode {
    NONE(null),
    GPU(Service.OLLAMA),
    CPU(Service.OLLAMA_CPU);

    private final Service service;

    OllamaMode(Service service) {
        this.service = service;
    }

    public Optional<String> profile() {
        return Optional.ofNullable(service).flatMap(Service::profile);
    }

    /** The compose service, which is also its host name inside the Docker network. */
    public Optional<String> service() {
        return Optional.ofNullable(service).map(Service::serviceName);
    }

    public boolean enabled() {
        return this != NONE;
    }
}
