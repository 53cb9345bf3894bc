package reflector.setup.preflight;

import java.util.Optional;

/** Compose V2 is there and new enough for the compose file. */
final class ComposeCheck implements PreflightCheck {
    static final int[] MIN_COMPOSE = {2, 20};

    @Override
    public String name() {
        return "compose";
    }

    @Override
    public CheckResult run(PreflightContext context) {
        Optional<String> version = context.docker().composeVersion();
        if (version.isEmpty()) {
            return CheckResult.fail(
                    name(),
                    "`docker compose` (Compose V2) is missing (the old docker-compose V1 is "
                            + "not enough). "
                            + DockerInstallGuide.forSystem(
                                            OsRelease.ofThisSystem(),
                                            DockerInstallGuide.Missing.COMPOSE,
                                            context.engine().version())
                                    .text(true));
        }
        if (!EngineVersionCheck.atLeast(version.get(), MIN_COMPOSE)) {
            return CheckResult.fail(
                    name(),
                    "Docker Compose " + version.get() + " is too old; " + MIN_COMPOSE[0] + "." + MIN_COMPOSE[1]
                            + " or newer is needed");
        }
        return CheckResult.pass(name(), "Docker Compose " + version.get());
    }
}
