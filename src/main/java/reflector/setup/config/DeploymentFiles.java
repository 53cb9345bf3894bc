package reflector.setup.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import reflector.setup.text.Sha256;

/** The paths, relative to the deployment directory, that the installer reads and writes. */
public final class DeploymentFiles {
    public static final String COMPOSE_FILE = "docker-compose.selfhosted.yml";
    /**
     * The installer's compose file in a Reflector checkout whose own docker-compose.selfhosted.yml
     * is upstream's at a release: that file is tracked by Git and stays as it is.
     */
    public static final String CHECKOUT_COMPOSE_FILE = "docker-compose.reflector-setup.yml";
    /** Compose reads the compose file's name from the root .env when no -f is given. */
    public static final String COMPOSE_FILE_VARIABLE = "COMPOSE_FILE";

    public static final String SERVER_ENV = "server/.env";
    public static final String SERVER_ENV_TEMPLATE = "server/.env.selfhosted.example";
    public static final String WWW_ENV = "www/.env";
    public static final String WWW_ENV_TEMPLATE = "www/.env.selfhosted.example";
    public static final String ROOT_ENV = ".env";
    /** The installer's own state and Garage's config: created 0700. */
    public static final String DATA_DIR = "data";

    public static final String GARAGE_CONFIG = "data/garage.toml";
    public static final String GARAGE_CONFIG_TEMPLATE = "templates/garage.toml.template";
    public static final String CADDYFILE = "Caddyfile";
    public static final String CADDYFILE_TEMPLATE = "templates/Caddyfile.template";
    /** Mounted read-only into Caddy (the compose file's caddy volumes), for files Caddy must trust. */
    public static final String CADDY_TRUST_DIR = "data/caddy-trust";
    /** The copy of --acme-ca-root that Caddy reads. */
    public static final String ACME_CA_ROOT = CADDY_TRUST_DIR + "/acme-ca-root.pem";

    /** The files of the deployment bundle, copied into the directory when missing. */
    public static final List<String> BUNDLE =
            List.of(COMPOSE_FILE, SERVER_ENV_TEMPLATE, WWW_ENV_TEMPLATE, GARAGE_CONFIG_TEMPLATE, CADDYFILE_TEMPLATE);

    /**
     * The deployment's compose file: {@link #CHECKOUT_COMPOSE_FILE} once it exists, or where
     * docker-compose.selfhosted.yml is byte for byte upstream's own at a release of the table
     * (a checkout: the installer's configuration applies there too, beside it); else
     * {@link #COMPOSE_FILE}, the installer's or the user's own.
     */
    public static String composeFile(Path directory) {
        return composeFile(
                directory, sha256 -> Releases.byUpstreamCompose(sha256).isPresent());
    }

    static String composeFile(Path directory, Predicate<String> isUpstreamsAtARelease) {
        if (Files.isRegularFile(directory.resolve(CHECKOUT_COMPOSE_FILE))) {
            return CHECKOUT_COMPOSE_FILE;
        }
        Path upstream = directory.resolve(COMPOSE_FILE);
        try {
            if (Files.isRegularFile(upstream)
                    && Files.size(upstream) < 1 << 20
                    && isUpstreamsAtARelease.test(Sha256.hex(Files.readAllBytes(upstream)))) {
                return CHECKOUT_COMPOSE_FILE;
            }
        } catch (IOException e) {
            // Unreadable: it is not upstream's as far as anyone can tell; the preflight names the problem.
        }
        return COMPOSE_FILE;
    }

    private DeploymentFiles() {}
}
