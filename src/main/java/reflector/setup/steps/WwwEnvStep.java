package reflector.setup.steps;

import static reflector.setup.config.DeploymentFiles.SERVER_ENV;
import static reflector.setup.config.DeploymentFiles.WWW_ENV;
import static reflector.setup.config.DeploymentFiles.WWW_ENV_TEMPLATE;

import reflector.setup.config.AuthRequest;
import reflector.setup.config.PublicUrls;

/** The frontend's www/.env: public URLs, internal addresses and whether login is required. */
public final class WwwEnvStep implements Step {

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
        PublicUrls urls = PublicUrls.of(context.settings());
        env.set("SITE_URL", urls.siteUrl());
        env.set("NEXTAUTH_URL", urls.siteUrl());
        env.set("API_URL", urls.siteUrl());
        env.set("WEBSOCKET_URL", "auto");
        env.set("SERVER_API_URL", "http://server:1250");
        env.set("KV_URL", "redis://redis:6379");

        AuthRequest.Mode mode = context.settings().auth().mode();
        switch (mode) {
            case PASSWORD -> {
                env.set("FEATURE_REQUIRE_LOGIN", "true");
                env.set("AUTH_PROVIDER", "credentials");
            }
            case PUBLIC -> env.set("FEATURE_REQUIRE_LOGIN", "false");
            case KEEP -> {
                String serverAuth = context.workspace().read(SERVER_ENV)
                        .map(text -> EnvEditor.parse(SERVER_ENV, text).get("AUTH_BACKEND").orElse("")).orElse("");
                if (!AuthMode.isProtected(serverAuth) && !"authentik".equals(env.get("AUTH_PROVIDER"))) {
                    env.set("FEATURE_REQUIRE_LOGIN", "false");
                }
            }
        }
    }
}
