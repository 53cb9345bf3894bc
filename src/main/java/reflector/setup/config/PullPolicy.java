package reflector.setup.config;

/** Whether the prebuilt backend and frontend images are pulled: every run, only when missing, or never (offline servers). */
public enum PullPolicy {
    always,
    missing,
    never
}
