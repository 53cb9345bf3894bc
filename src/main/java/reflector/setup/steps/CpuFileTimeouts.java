package reflector.setup.steps;

import java.util.List;
import reflector.setup.config.ModelMode;
import reflector.setup.text.SafeText;

/**
 * TRANSCRIPT_FILE_TIMEOUT and DIARIZATION_FILE_TIMEOUT: how long the backend waits for the model
 * server to transcribe or diarize a whole file (600 s by default at v0.35.0, settings.py). A model
 * server on the CPU takes far longer for a long meeting, and the backend then fails the transcript
 * although the model server is still working. With --cpu they are 3600 in server/.env, as
 * upstream's later setup script sets them; with --gpu the backend's default applies.
 *
 * <p>A value the user set is theirs and kept. The root .env records the value the installer wrote
 * ({@value #RECORD}), so that a key holding it is known to be the installer's: only such a key is
 * removed again when the deployment moves from --cpu to --gpu.
 */
final class CpuFileTimeouts {
    static final List<String> KEYS = List.of("TRANSCRIPT_FILE_TIMEOUT", "DIARIZATION_FILE_TIMEOUT");
    static final String SECONDS = "3600";
    /** The root .env key that records what the installer wrote into {@link #KEYS}. */
    static final String RECORD = "REFLECTOR_CPU_FILE_TIMEOUT";

    private CpuFileTimeouts() {}

    static void apply(StepContext context, EnvEditor server, EnvEditor root) {
        boolean cpu = context.deploymentSettings().modelMode() == ModelMode.CPU;
        String recorded = root.get(RECORD);
        boolean installerOwnsOne = false;
        for (String key : KEYS) {
            String current = server.get(key);
            boolean installers = !recorded.isEmpty() && current.equals(recorded);
            if (cpu && (current.isEmpty() || installers)) {
                server.set(key, SECONDS);
                installerOwnsOne = true;
            } else if (cpu) {
                context.note(
                        key + " in server/.env is yours (" + SafeText.quote(current) + ") and kept; --cpu would set "
                                + SECONDS + " seconds, as a CPU model server needs long for a whole meeting");
            } else if (installers) {
                // Back to the backend's default for a GPU model server.
                server.remove(key);
            }
        }
        if (installerOwnsOne) {
            root.set(RECORD, SECONDS);
        } else {
            root.remove(RECORD);
        }
    }
}
