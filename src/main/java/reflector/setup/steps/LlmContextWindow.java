package reflector.setup.steps;

import reflector.setup.text.SafeText;

/**
 * The root .env's LLM_CONTEXT_WINDOW, which the compose file gives Ollama as
 * OLLAMA_CONTEXT_LENGTH: a copy of the backend's own (server/.env), made on every run. The backend
 * sends prompts of up to that many tokens; Ollama's default context is far smaller, and it cuts a
 * longer prompt without an error, so a summary would be made from part of the meeting.
 */
final class LlmContextWindow {
    static final String KEY = "LLM_CONTEXT_WINDOW";
    /** The backend's default (server/reflector/settings.py at v0.35.0), and the template's value. */
    static final String BACKEND_DEFAULT = "16000";

    private LlmContextWindow() {}

    static void copy(StepContext context, EnvEditor server, EnvEditor root) {
        String window = server.get(KEY);
        if (window.isEmpty()) {
            window = BACKEND_DEFAULT;
        } else if (!window.matches("[1-9][0-9]{0,8}")) {
            context.warn(KEY + " in server/.env is not a whole number of tokens (" + SafeText.quote(window) + "): the "
                    + "backend does not start with it; Ollama's context stays " + BACKEND_DEFAULT);
            window = BACKEND_DEFAULT;
        }
        root.set(KEY, window);
    }
}
