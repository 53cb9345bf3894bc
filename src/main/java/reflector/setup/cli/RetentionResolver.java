package reflector.setup.cli;

import java.util.Optional;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.PublicDataRetention;
import reflector.setup.config.StepSelection;
import reflector.setup.core.InstallerException;
import reflector.setup.envfile.EnvFile;
import reflector.setup.text.SafeText;
import reflector.setup.validation.Validators;

/**
 * --public-retention-days: how long a public instance keeps anonymous transcripts. Checked before
 * anything is written (exit 2), and only for an install that ends public: the backend's cleanup
 * runs only with PUBLIC_MODE=true, so on an instance that requires login the option would promise
 * something that does nothing. Without the option, server/.env's value is kept and taken into the
 * settings, so that the recorded options carry it too.
 */
final class RetentionResolver {
    static final String OPTION = "--public-retention-days";

    private RetentionResolver() {}

    /**
     * @param given  the option's value, or null
     * @param server server/.env as it is (empty when there is none)
     */
    static Optional<Integer> resolve(String given, AuthRequest auth, StepSelection steps, EnvFile server) {
        boolean endsPublic = endsPublic(auth, server);
        if (given != null) {
            int days;
            try {
                days = Validators.publicRetentionDays(given);
            } catch (IllegalArgumentException e) {
                throw InstallerException.badInput(OPTION + ": " + e.getMessage());
            }
            if (!steps.runs("server-env")) {
                throw InstallerException.badInput(
                        OPTION + " is written by the server-env step; do not leave it out " + "with --only or --skip");
            }
            if (!endsPublic) {
                throw InstallerException.badInput(
                        OPTION + ": only for a public instance: the backend deletes anonymous "
                                + "transcripts only with PUBLIC_MODE=true, and " + whyNotPublic(auth, server)
                                + ", so nothing is deleted");
            }
            return Optional.of(days);
        }
        String current = server.get(PublicDataRetention.KEY).orElse("");
        if (!endsPublic || current.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Validators.publicRetentionDays(current));
        } catch (IllegalArgumentException e) {
            // The backend would not start with it (a positive integer or nothing), and it decides what is deleted.
            throw InstallerException.badInput("server/.env: " + PublicDataRetention.KEY + " " + e.getMessage()
                    + "; correct it, or give " + OPTION + " N");
        }
    }

    /** As the server-env step leaves PUBLIC_MODE: see its applyAuth. */
    static boolean endsPublic(AuthRequest auth, EnvFile server) {
        return switch (auth.mode()) {
            case PUBLIC -> true;
            case PASSWORD -> false;
            case KEEP -> !requiresLogin(server)
                    || PublicDataRetention.isPublic(
                            server.get(PublicDataRetention.PUBLIC_MODE).orElse(""));
        };
    }

    private static boolean requiresLogin(EnvFile server) {
        String backend = server.get("AUTH_BACKEND").orElse("");
        return backend.equals("password") || backend.equals("jwt");
    }

    private static String whyNotPublic(AuthRequest auth, EnvFile server) {
        return auth.mode() == AuthRequest.Mode.PASSWORD
                ? "this install requires login (--password)"
                : "this deployment requires login (AUTH_BACKEND="
                        + SafeText.quote(server.get("AUTH_BACKEND").orElse(""))
                        + " in server/.env; --public would turn it off)";
    }
}
