package reflector.setup.preflight;

import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.docker.EngineInfo;

/** The engine answers through its API. */
final class DockerEngineCheck implements PreflightCheck {
    @Override
    public String name() {
        return "docker-engine";
    }

    @Override
    public boolean needsEngine() {
        return false;
    }

    @Override
    public CheckResult run(PreflightContext context) {
        try {
            EngineInfo engine = context.engine();
            return CheckResult.pass(
                    name(),
                    "Docker " + engine.version() + " (API " + engine.apiVersion() + ") at "
                            + context.docker().endpoint());
        } catch (DockerUnavailableException e) {
            return CheckResult.fail(name(), e.getMessage() + "; " + DockerAdvice.unavailable(e, context.environment()));
        }
    }
}
