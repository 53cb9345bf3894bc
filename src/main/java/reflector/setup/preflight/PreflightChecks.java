package reflector.setup.preflight;

import java.util.ArrayList;
import java.util.List;

/** The preflight checks, in the order they run and are listed (in results, --ignore-preflight and its help). */
public final class PreflightChecks {
    /** The engine first: every check after it that needs the engine is not run when it does not answer. */
    public static final List<PreflightCheck> ALL = List.of(new DockerEngineCheck(), new EngineVersionCheck(),
            new ComposeCheck(), new ProjectCheck(), new ComposeFileCheck(), new GpuCheck(), new PortCheck(),
            new AcmeCheck(), new DiskCheck(), new MemoryCheck());

    private PreflightChecks() {
    }

    public static List<String> names() {
        return ALL.stream().map(PreflightCheck::name).toList();
    }

    public static List<CheckResult> run(PreflightContext context) {
        return run(ALL, context);
    }

    static List<CheckResult> run(List<PreflightCheck> checks, PreflightContext context) {
        List<CheckResult> results = new ArrayList<>();
        for (PreflightCheck check : checks) {
            if (check.needsEngine() && context.engineUnavailable()) {
                results.add(CheckResult.notChecked(check.name(), "needs the Docker engine"));
            } else if (!check.applies(context.settings())) {
                results.add(CheckResult.notChecked(check.name(), check.notApplicable()));
            } else {
                results.add(check.run(context));
            }
        }
        return results;
    }
}
