package reflector.setup.preflight;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reflector.setup.docker.Docker;
import reflector.setup.docker.EngineInfo;

/** The engine and Compose are new enough for the compose file. */
public final class VersionChecks {
    /** start_interval in the compose file's healthchecks needs Engine 25 (API 1.44). */
    static final int[] MIN_ENGINE = {25, 0};
    static final int[] MIN_COMPOSE = {2, 20};

    private VersionChecks() {
    }

    public static CheckResult engineVersion(EngineInfo engine) {
        if (atLeast(engine.version(), MIN_ENGINE)) {
            return CheckResult.pass("engine-version", engine.version() + " >= " + MIN_ENGINE[0] + "." + MIN_ENGINE[1]);
        }
        return CheckResult.fail("engine-version", "Docker Engine " + engine.version() + " is too old; "
                + MIN_ENGINE[0] + "." + MIN_ENGINE[1] + " or newer is needed (healthcheck start_interval)");
    }

    public static CheckResult compose(Docker docker, EngineInfo engine) {
        Optional<String> version = docker.composeVersion();
        if (version.isEmpty()) {
            return CheckResult.fail("compose", "`docker compose` (Compose V2) is missing (the old docker-compose V1 is "
                    + "not enough). " + DockerInstallGuide.forSystem(OsRelease.ofThisSystem(), DockerInstallGuide.Missing.COMPOSE,
                            engine.version()).text(true));
        }
        if (!atLeast(version.get(), MIN_COMPOSE)) {
            return CheckResult.fail("compose", "Docker Compose " + version.get() + " is too old; "
                    + MIN_COMPOSE[0] + "." + MIN_COMPOSE[1] + " or newer is needed");
        }
        return CheckResult.pass("compose", "Docker Compose " + version.get());
    }

    /** Compares the leading major.minor of versions like "26.1.5+dfsg1" or "v2.26.1-desktop.1". */
    static boolean atLeast(String version, int[] minimum) {
        Matcher matcher = Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
        if (!matcher.find()) {
            return false;
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        return major > minimum[0] || (major == minimum[0] && minor >= minimum[1]);
    }
}
