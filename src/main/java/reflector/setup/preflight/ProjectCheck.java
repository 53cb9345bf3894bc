package reflector.setup.preflight;

/**
 * Compose scopes containers and volumes by project name alone: a second directory with the same
 * name would take over the first deployment's containers and data.
 */
final class ProjectCheck implements PreflightCheck {
    @Override
    public String name() {
        return "project";
    }

    @Override
    public CheckResult run(PreflightContext context) {
        String project = context.deploymentSettings().project().name();
        return context.docker().containers().stream()
                .filter(context.deployment()::sharesNameWith)
                .findFirst()
                .map(other -> CheckResult.fail(
                        name(),
                        "Compose project " + project + " belongs to the deployment in " + other.workingDir()
                                + "; give this one another name with --project-name"))
                .orElseGet(() -> CheckResult.pass(
                        name(),
                        project + " (" + context.deploymentSettings().project().source() + ")"));
    }
}
