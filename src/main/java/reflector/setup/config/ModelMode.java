package reflector.setup.config;

/** Where the transcription, diarization and translation models run: the gpu or the cpu service. */
public enum ModelMode {
    GPU, CPU;

    /** The compose profile and service name, which are the same. */
    public String service() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
