package reflector.setup.preflight;

import java.util.ArrayList;
import java.util.List;
import reflector.setup.config.RunSettings;

/** The preflight checks, in the order they run and are listed (in results, --ignore-preflight and its help). */
public final class PreflightChecks {
    /** The engine first: every check after it that needs the engine is not run when it does not answer. */
    public static final List<PreflightCheck> ALL = List.of(
            new DockerEngineCheck(),
            new EngineVersionCheck(),
            new ComposeCheck(),
            new ProjectCheck(),
            new MigrationsCheck(),
            new ComposeFileCheck(),
            new GpuCheck(),
            new PortCheck(),
            new AcmeCheck(),
            new DiskCheck(),
            new MemoryCheck());
    /**
     * Checks that `--ignore-preflight all` leaves in force; only their own name turns them into
     * warnings. Ignoring the migration guard strands the database: that must be asked for by name.
     */
    static final List<String> ONLY_BY_NAME = List.of(MigrationsCheck.NAME);

    private PreflightChecks() {}

    public static List<String> names() {
        return ALL.stream().map(PreflightCheck::name).toList();
    }

    /** Whether --ignore-preflight turns this check's failure into a warning. */
    public static boolean ignored(RunSettings run, String check) {
        return ONLY_BY_NAME.contains(check)
                ? run.ignoredPreflightChecks().contains(check)
                : run.preflightIgnored(check);
    }

    public static List<CheckResult> run(PreflightContext context) {
        return run(ALL, context);
    }

    static List<CheckResult> run(List<PreflightCheck> checks, PreflightContext context) {
        List<CheckResult> results = new ArrayList<>();
        for (PreflightCheck check : checks) {
            if (check.needsEngine() && context.engineUnavailable()) {
                results.add(CheckResult.notChecked(check.name(), "needs the Docker engine"));
            } else if (!check.applies(context.deploymentSettings())) {
                results.add(CheckResult.notChecked(check.name(), check.notApplicable()));
            } else {
                results.add(check.run(context));
            }
        }
        return results;
    }
}
