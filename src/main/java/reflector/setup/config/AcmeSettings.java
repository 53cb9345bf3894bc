package reflector.setup.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Caddy gets the domain's certificate, for its global options: the ACME directory
 * ({@code acme_ca}; empty: Caddy's default, Let's Encrypt with ZeroSSL as fallback), the account
 * e-mail ({@code email}) and the root that the directory's own TLS certificate chains to
 * ({@code acme_ca_root}, PEM), for a private CA. They are recorded in the root .env (the root as
 * a file in the deployment), so that a re-run without the options keeps them.
 */
public record AcmeSettings(Optional<String> ca, Optional<String> email, Optional<String> caRootPem) {
    /** Let's Encrypt's staging directory: untrusted certificates, but rate limits generous enough to experiment. */
    public static final String STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";
    /** The --acme-ca value that goes back to Caddy's default CA, dropping a recorded one and its root. */
    public static final String DEFAULT_CA = "default";

    public static final String CA_VARIABLE = "REFLECTOR_ACME_CA";
    public static final String EMAIL_VARIABLE = "REFLECTOR_ACME_EMAIL";
    public static final String CA_ROOT_VARIABLE = "REFLECTOR_ACME_CA_ROOT";
    /** The domain of a --domain deployment, for `status`. */
    public static final String DOMAIN_VARIABLE = "REFLECTOR_DOMAIN";

    /** Where Caddy's container sees the deployment's data/caddy-trust directory (read-only). */
    public static final String CONTAINER_TRUST_DIR = "/etc/caddy/trust";

    public static AcmeSettings none() {
        return new AcmeSettings(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean isEmpty() {
        return ca.isEmpty() && email.isEmpty() && caRootPem.isEmpty();
    }

    public boolean staging() {
        return ca.map(STAGING::equals).orElse(false);
    }

    /** Who issues the certificate, in words. */
    public String caDescription() {
        if (ca.isEmpty()) {
            return "Let's Encrypt";
        }
        return staging() ? "Let's Encrypt staging (not trusted by browsers)" : ca.get();
    }

    /** The path of the copied root inside Caddy's container. */
    public static String containerCaRoot() {
        return CONTAINER_TRUST_DIR + "/" + Path.of(DeploymentFiles.ACME_CA_ROOT).getFileName();
    }
}
