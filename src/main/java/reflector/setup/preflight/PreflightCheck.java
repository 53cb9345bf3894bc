package reflector.setup.preflight;

import reflector.setup.config.DeploymentSettings;

/**
 * One named preflight check, as kubeadm's checkers: its name is what --ignore-preflight takes.
 * Adding a check is one class and one entry in {@link PreflightChecks#ALL}.
 */
public interface PreflightCheck {

    /** The name shown in results and taken by --ignore-preflight. */
    String name();

    /** Whether the check means anything for this deployment; when not, it is listed as not checked. */
    default boolean applies(DeploymentSettings deployment) {
        return true;
    }

    /** Why the check does not apply, for the "not checked" line. */
    default String notApplicable() {
        return "not needed";
    }

    /** Whether the check asks the Docker engine; such checks are not run when the engine does not answer. */
    default boolean needsEngine() {
        return true;
    }

    CheckResult run(PreflightContext context);
}
