package reflector.setup.config;

/** The paths, relative to the deployment directory, that the installer reads and writes. */
public final class DeploymentFiles {
    public static final String COMPOSE_FILE = "docker-compose.selfhosted.yml";
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
    public static final java.util.List<String> BUNDLE = java.util.List.of(
            COMPOSE_FILE, SERVER_ENV_TEMPLATE, WWW_ENV_TEMPLATE, GARAGE_CONFIG_TEMPLATE, CADDYFILE_TEMPLATE);

    private DeploymentFiles() {
    }
}
