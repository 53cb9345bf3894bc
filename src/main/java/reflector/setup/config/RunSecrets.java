package reflector.setup.config;

import java.util.Optional;

/**
 * The secrets given to this run, kept apart from what the deployment is and what the run does:
 * the admin password request and a HuggingFace token.
 *
 * @param hfToken a HuggingFace token given now; empty keeps what the root .env has
 */
public record RunSecrets(AuthRequest auth, Optional<String> hfToken) {

    @Override
    public String toString() {
        return "RunSecrets[auth=" + auth + "]";
    }
}
