package reflector.setup.preflight;

import java.util.List;

/**
 * The exact commands that install what is missing (the engine with Compose, or only the Compose
 * plugin) on the detected distribution, run as root:
 * <ul>
 * <li>Debian 13 and later carry new enough packages (docker.io 26.1, docker-compose 2.26): those.</li>
 * <li>Older Debian and every Ubuntu: Docker's documented apt repository
 * (https://docs.docker.com/engine/install/debian/ and .../ubuntu/), whose Engine and Compose are
 * current. Ubuntu's own docker.io differs between releases and updates, so it is not relied on.</li>
 * <li>Anything else: no commands, a pointer to Docker's install documentation.</li>
 * </ul>
 */
public record DockerInstallGuide(String summary, List<String> commands, String documentation) {

    public enum Missing {
        ENGINE,
        COMPOSE
    }

    static final String DOCS = "https://docs.docker.com/engine/install/";
    /** The first Debian release whose docker.io and docker-compose pass the preflight (Engine 25, Compose 2.20). */
    static final int FIRST_DEBIAN_WITH_NEW_DOCKER = 13;

    private static final List<String> DOCS_PAGES =
            List.of("debian", "ubuntu", "raspbian", "fedora", "centos", "rhel", "sles");

    /**
     * @param engineVersion the running engine's version when only Compose is missing ("26.1.5+dfsg1"
     *                      is a distribution build), empty otherwise
     */
    public static DockerInstallGuide forSystem(OsRelease os, Missing missing, String engineVersion) {
        String repo = dockerRepository(os);
        boolean debianPackages = "debian".equals(os.id())
                && os.majorVersion()
                        .map(major -> major >= FIRST_DEBIAN_WITH_NEW_DOCKER)
                        .orElse(false);
        if (missing == Missing.COMPOSE && isDistributionBuild(engineVersion)) {
            if (debianPackages) {
                return apt(os, "the Compose plugin from Debian", List.of("docker-compose"), "debian");
            }
            if ("ubuntu".equals(repo)) {
                return apt(
                        os,
                        "the Compose plugin from Ubuntu (it must be 2.20 or newer)",
                        List.of("docker-compose-v2"),
                        "ubuntu");
            }
        }
        if (debianPackages) {
            return missing == Missing.COMPOSE
                    ? apt(os, "Docker's Compose plugin", List.of("docker-compose-plugin"), "debian")
                    : apt(
                            os,
                            "Docker Engine and Compose from Debian",
                            List.of("docker.io", "docker-compose", "docker-buildx"),
                            "debian");
        }
        if (repo == null) {
            String page = DOCS_PAGES.contains(os.id()) ? DOCS + os.id() + "/" : DOCS;
            return new DockerInstallGuide(
                    (missing == Missing.COMPOSE
                                    ? "Install the Docker Compose plugin (2.20 or newer)"
                                    : "Install Docker Engine 25 or newer with the Compose plugin")
                            + " on " + os.prettyName()
                            + " as Docker documents it",
                    List.of(),
                    page);
        }
        String codename = codename(os, repo);
        if (missing == Missing.COMPOSE) {
            return apt(os, "Docker's Compose plugin", List.of("docker-compose-plugin"), repo);
        }
        String url = "https://download.docker.com/linux/" + repo;
        return new DockerInstallGuide(
                "Docker Engine and Compose from Docker's apt repository, as " + DOCS + repo + "/ describes",
                List.of(
                        "apt-get update",
                        "apt-get install -y ca-certificates curl",
                        "install -m 0755 -d /etc/apt/keyrings",
                        "curl -fsSL " + url + "/gpg -o /etc/apt/keyrings/docker.asc",
                        "chmod a+r /etc/apt/keyrings/docker.asc",
                        "echo \"deb [arch=$(dpkg --print-architecture) signed-by=/etc/apt/keyrings/docker.asc] " + url
                                + " " + codename + " stable\" > /etc/apt/sources.list.d/docker.list",
                        "apt-get update",
                        "apt-get install -y docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin"),
                DOCS + repo + "/");
    }

    /** The message lines for an error: what to run, or where to read. */
    public String text(boolean offerInstallOption) {
        StringBuilder out = new StringBuilder(summary);
        if (commands.isEmpty()) {
            return out.append(": ").append(documentation).toString();
        }
        out.append(". As root:");
        for (String command : commands) {
            out.append("\n    ").append(command);
        }
        if (offerInstallOption) {
            out.append("\n  (or re-run as root with --install-docker, which runs these commands)");
        }
        return out.toString();
    }

    private static DockerInstallGuide apt(OsRelease os, String what, List<String> packages, String page) {
        return new DockerInstallGuide(
                what + " on " + os.prettyName(),
                List.of("apt-get update", "apt-get install -y " + String.join(" ", packages)),
                DOCS + page + "/");
    }

    /** Docker's repository for this distribution ("debian", "ubuntu"), or null when it has none we know the codename for. */
    private static String dockerRepository(OsRelease os) {
        if (("debian".equals(os.id()) || "ubuntu".equals(os.id()))
                && !os.codename().isEmpty()) {
            return os.id();
        }
        // Derivatives (Linux Mint, Pop!_OS, ...) use the Ubuntu release they are built on, as Docker's docs say.
        if (os.idLike().contains("ubuntu") && !os.ubuntuCodename().isEmpty()) {
            return "ubuntu";
        }
        return null;
    }

    private static String codename(OsRelease os, String repo) {
        return "ubuntu".equals(repo) && !os.ubuntuCodename().isEmpty() ? os.ubuntuCodename() : os.codename();
    }

    /** Debian's and Ubuntu's builds carry their mark in the version ("26.1.5+dfsg1", "24.0.7-0ubuntu4"). */
    static boolean isDistributionBuild(String engineVersion) {
        return engineVersion != null && (engineVersion.contains("dfsg") || engineVersion.contains("ubuntu"));
    }
}
