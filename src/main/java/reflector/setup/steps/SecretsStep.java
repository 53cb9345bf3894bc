package reflector.setup.steps;

import static reflector.setup.config.DeploymentFiles.SERVER_ENV;
import static reflector.setup.config.DeploymentFiles.SERVER_ENV_TEMPLATE;
import static reflector.setup.config.DeploymentFiles.WWW_ENV;
import static reflector.setup.config.DeploymentFiles.WWW_ENV_TEMPLATE;

import reflector.setup.config.AuthRequest;
import reflector.setup.secrets.PasswordHasher;
import reflector.setup.secrets.SecretGenerator;

/**
 * SECRET_KEY and NEXTAUTH_SECRET (generated once, kept unless still a changeme placeholder) and,
 * with a password, ADMIN_PASSWORD_HASH (kept while it still matches the password, so a re-run
 * with the same password changes nothing).
 */
public final class SecretsStep implements Step {

    @Override
    public String name() {
        return "secrets";
    }

    @Override
    public String description() {
        return "SECRET_KEY, NEXTAUTH_SECRET and the admin password hash";
    }

    @Override
    public void run(StepContext context) {
        EnvEditor server = context.env(SERVER_ENV, SERVER_ENV_TEMPLATE);
        ensureGenerated(context, server, "SECRET_KEY");
        EnvEditor www = context.env(WWW_ENV, WWW_ENV_TEMPLATE);
        ensureGenerated(context, www, "NEXTAUTH_SECRET");

        AuthRequest auth = context.runSecrets().auth();
        if (auth.mode() == AuthRequest.Mode.PASSWORD) {
            char[] password = auth.password();
            // A hash the readers see differently (the original wrote "$$") is replaced, not read.
            server.maskCurrent("ADMIN_PASSWORD_HASH");
            String existing = server.hasPlainValue("ADMIN_PASSWORD_HASH") ? server.get("ADMIN_PASSWORD_HASH") : "";
            if (!existing.isEmpty() && PasswordHasher.verify(password, existing)) {
                context.note("admin password unchanged");
            } else {
                server.setSecret("ADMIN_PASSWORD_HASH", PasswordHasher.hash(password, context.random()));
            }
        } else {
            server.maskCurrent("ADMIN_PASSWORD_HASH");
        }
    }

    private static void ensureGenerated(StepContext context, EnvEditor file, String key) {
        String value = file.get(key);
        if (SecretGenerator.isPlaceholder(value)) {
            file.setSecret(key, SecretGenerator.hex32(context.random()));
        } else {
            context.secret(value);
        }
    }
}
