package reflector.setup.preflight;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reflector.setup.docker.EngineInfo;

/** The engine is new enough for the compose file. */
final class EngineVersionCheck implements PreflightCheck {
    /** start_interval in the compose file's healthchecks needs Engine 25 (API 1.44). */
    static final int[] MIN_ENGINE = {25, 0};

    @Override
    public String name() {
        return "engine-version";
    }

    @Override
    public CheckResult run(PreflightContext context) {
        EngineInfo engine = context.engine();
        if (atLeast(engine.version(), MIN_ENGINE)) {
            return CheckResult.pass(name(), engine.version() + " >= " + MIN_ENGINE[0] + "." + MIN_ENGINE[1]);
        }
        return CheckResult.fail(
                name(),
                "Docker Engine " + engine.version() + " is too old; " + MIN_ENGINE[0] + "." + MIN_ENGINE[1]
                        + " or newer is needed (healthcheck start_interval)");
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
