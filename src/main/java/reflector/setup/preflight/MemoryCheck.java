package reflector.setup.preflight;

import reflector.setup.config.DeploymentSettings;
import reflector.setup.config.ModelMode;

/** A warning below the recommended memory for the model mode (the upstream hardware recommendation). */
final class MemoryCheck implements PreflightCheck {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public CheckResult run(PreflightContext context) {
        DeploymentSettings settings = context.deploymentSettings();
        long recommended = (settings.modelMode() == ModelMode.GPU ? 16 : 32) * DiskCheck.GIB;
        long memory = context.engine().memoryBytes();
        if (memory <= 0) {
            return CheckResult.notChecked(name(), "the engine did not report its memory");
        }
        if (memory < recommended) {
            return CheckResult.warn(
                    name(),
                    (memory / DiskCheck.GIB) + " GiB of memory; " + (recommended / DiskCheck.GIB)
                            + " GiB or more is recommended for "
                            + settings.modelMode().service() + " mode");
        }
        return CheckResult.pass(name(), (memory / DiskCheck.GIB) + " GiB");
    }
}
