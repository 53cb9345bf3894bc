package reflector.setup.backup;

import java.util.List;
import reflector.setup.config.DeploymentFiles;

/** What a backup holds, besides the database: the deployment's files and the volumes with data that cannot be had again. */
public final class Contents {
    /** The env files and configuration, relative to the deployment directory: every one that exists is backed up. */
    public static final List<String> FILES = List.of(
            DeploymentFiles.SERVER_ENV,
            DeploymentFiles.WWW_ENV,
            DeploymentFiles.ROOT_ENV,
            DeploymentFiles.GARAGE_CONFIG,
            DeploymentFiles.CADDYFILE,
            DeploymentFiles.COMPOSE_FILE,
            DeploymentFiles.CHECKOUT_COMPOSE_FILE,
            DeploymentFiles.SERVER_ENV_TEMPLATE,
            DeploymentFiles.WWW_ENV_TEMPLATE,
            DeploymentFiles.GARAGE_CONFIG_TEMPLATE,
            DeploymentFiles.CADDYFILE_TEMPLATE);

    /** Files that hold secrets: restored 0600 whatever the archive says. */
    public static final List<String> SECRET_FILES = List.of(
            DeploymentFiles.SERVER_ENV,
            DeploymentFiles.WWW_ENV,
            DeploymentFiles.ROOT_ENV,
            DeploymentFiles.GARAGE_CONFIG);

    /**
     * The compose file's volumes that are copied whole: the server's files (recordings), and
     * Garage's objects and metadata (the bucket, the key and the node's identity). The database
     * is dumped instead of copied (a dump restores into another PostgreSQL version); Redis
     * (queues), the model cache, Ollama's models and Caddy's certificates are made again.
     */
    public static final List<String> VOLUMES = List.of("server_data", "garage_data", "garage_meta");

    /**
     * The volumes whose files are written once and never changed in place (recordings, Garage's
     * data blocks): copied while the services run, then only what changed meanwhile while they are
     * paused, as a second member; stored in the archive without compression (audio and blocks are
     * compressed already).
     * Garage's data first, so that the blocks written while the recordings are copied are in the
     * final pass with the metadata that names them.
     */
    public static final List<String> BULK_VOLUMES = List.of("garage_data", "server_data");

    /** The database and its owner, as the compose file makes them (POSTGRES_USER, POSTGRES_DB). */
    public static final String DATABASE = "reflector";

    public static final String DATABASE_USER = "reflector";

    /** The services that write to the database or the volumes: paused while they are copied. */
    public static final List<String> WRITERS = List.of("server", "worker", "beat", "garage");

    private Contents() {}

    static String filePath(String file) {
        return "files/" + file;
    }

    static String volumePath(String volume) {
        return "volumes/" + volume + ".tar";
    }

    /** A bulk volume's second member (archive version 2): the files that changed while the first was copied. */
    static String changedPath(String volume) {
        return "volumes/" + volume + ".changed.tar";
    }

    static final String DATABASE_PATH = "database/" + DATABASE + ".sql";
}
