package reflector.setup.verify;

import reflector.setup.envfile.EnvFile;

/**
 * The frontend's login settings as www/.env holds them. The frontend container read them when it
 * started, so they may differ from what it answers: the messages then say which one is wrong.
 */
public final class FrontendEnv {
    static final String FILE = "www/.env";
    static final String RECREATE = "a re-run of the installer recreates it";

    private final EnvFile env;

    private FrontendEnv(EnvFile env) {
        this.env = env;
    }

    public static FrontendEnv parse(String text) {
        return new FrontendEnv(EnvFile.parse(text));
    }

    /** As written (never expanded: these keys hold no '$', and a message must not fail over one). */
    String value(String key) {
        return env.literal(key).orElse("");
    }

    /** As upstream's clientEnv.ts reads FEATURE_REQUIRE_LOGIN: unset means required, set means exactly "true". */
    boolean requiresLogin() {
        return env.literal("FEATURE_REQUIRE_LOGIN").map("true"::equals).orElse(true);
    }

    boolean credentials() {
        return "credentials".equals(value("AUTH_PROVIDER"));
    }

    /**
     * "www/.env KEY=value" for a message about a disagreement. When the file already holds what the
     * backend needs ({@code fileAgrees}), the web container runs with older settings instead.
     */
    String disagreement(String key, boolean fileAgrees) {
        String setting = env.has(key) ? key + "=" + value(key) : "no " + key;
        return fileAgrees
                ? FILE + " has " + setting + ", but the web container still runs with older settings: " + RECREATE
                : FILE + " " + (env.has(key) ? setting : "has " + setting);
    }
}
