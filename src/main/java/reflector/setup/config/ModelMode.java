package reflector.setup.config;

import reflector.setup.catalog.Service;

/** Where the transcription, diarization and translation models run: the gpu or the cpu service. */
public enum ModelMode {
    GPU(Service.GPU),
    CPU(Service.CPU);

    private final Service service;

    ModelMode(Service service) {
        this.service = service;
    }

    /** The compose profile and service name, which are the same. */
    public String service() {
        return service.serviceName();
    }
}
