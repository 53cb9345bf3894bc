package reflector.setup.steps;

import static reflector.setup.config.DeploymentFiles.SERVER_ENV;
import static reflector.setup.config.DeploymentFiles.WWW_ENV;
import static reflector.setup.config.DeploymentFiles.WWW_ENV_TEMPLATE;

import java.util.List;
import reflector.setup.config.PublicUrls;

/** The frontend's www/.env: public URLs, internal addresses and whether login is required. */
public final class WwwEnvStep implements Step {
    private static final List<String> AUTHENTIK_KEYS = List.of(
            "AUTHENTIK_ISSUER", "AUTHENTIK_REFRESH_TOKEN_URL", "AUTHENTIK_CLIENT_ID", "AUTHENTIK_CLIENT_SECRET");

    @Override
    public String name() {
        return "www-env";
    }

    @Override
    public String description() {
        return "www/.env";
    }

    @Override
    public void run(StepContext context) {
        EnvEditor env = context.env(WWW_ENV, WWW_ENV_TEMPLATE);
        PublicUrls urls = PublicUrls.of(context.deploymentSettings());
        env.set("SITE_URL", urls.siteUrl());
        env.set("NEXTAUTH_URL", urls.siteUrl());
        env.set("API_URL", urls.siteUrl());
        env.set("WEBSOCKET_URL", "auto");
        env.set("SERVER_API_URL", "http://server:1250");
        env.set("KV_URL", "redis://redis:6379");
        followBackendLogin(context, env);
    }

    /**
     * The frontend asks for the login the backend checks, on every run: AUTH_BACKEND as server/.env
     * has it now (the server-env step ran before, and the workspace gives its content also in a dry
     * run). Otherwise a lost www/.env, remade from the template (FEATURE_REQUIRE_LOGIN=false), shows
     * a site without login whose every API call answers 401.
     */
    private static void followBackendLogin(StepContext context, EnvEditor env) {
        String backend = context.workspace()
                .read(SERVER_ENV)
                .map(text ->
                        EnvEditor.parse(SERVER_ENV, text).get("AUTH_BACKEND").orElse(""))
                .orElse("");
        switch (backend) {
            case "password" -> {
                env.set("FEATURE_REQUIRE_LOGIN", "true");
                env.set("AUTH_PROVIDER", "credentials");
            }
            case "jwt" -> {
                // The backend checks Authentik's tokens: the user's Authentik settings stay as they are,
                // and any AUTH_PROVIDER but "credentials" means Authentik to the frontend.
                env.set("FEATURE_REQUIRE_LOGIN", "true");
                if ("credentials".equals(env.get("AUTH_PROVIDER"))) {
                    env.set("AUTH_PROVIDER", "authentik");
                }
                List<String> missing = AUTHENTIK_KEYS.stream()
                        .filter(key -> env.get(key).isBlank())
                        .toList();
                if (!missing.isEmpty()) {
                    context.warn("AUTH_BACKEND=jwt: the frontend logs in through Authentik, but " + WWW_ENV + " has no "
                            + String.join(", ", missing) + "; set them, or its login cannot work");
                }
            }
            default -> env.set("FEATURE_REQUIRE_LOGIN", "false");
        }
    }
}
