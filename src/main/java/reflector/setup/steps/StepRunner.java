package reflector.setup.steps;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reflector.setup.config.Settings;
import reflector.setup.config.StepSelection;
import reflector.setup.output.Console;
import reflector.setup.preflight.NameResolver;
import reflector.setup.text.SafeText;
import reflector.setup.tls.CertificateProbe;

/**
 * Owns the install's steps in their order and runs them, honouring --only/--skip (like kubeadm's
 * phase runner), and records what each one did. --only, --skip and their help and completion
 * take the step names from here: adding a step is one entry in {@link #standard()}.
 */
public final class StepRunner {
    private final List<Step> steps;

    public StepRunner(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The steps with the host's own name lookups and TLS handshakes (and, for --only/--skip, their names). */
    public static StepRunner standard() {
        return standard(NameResolver.SYSTEM, CertificateProbe.TLS, Map.of());
    }

    /**
     * Prerequisites first: nothing is written into a directory where the run cannot go on; then,
     * still before anything is written, whether the run moves the storage and may. The
     * domain's preflight and certificate wait look names up and shake hands with Caddy through
     * {@code resolver} and {@code certificates}; {@code environment} is the host's.
     */
    public static StepRunner standard(
            NameResolver resolver, CertificateProbe certificates, Map<String, String> environment) {
        return new StepRunner(List.of(
                new PrerequisitesStep(resolver, certificates, environment),
                new SwitchesStep(),
                new StorageMoveStep(),
                new BundleStep(),
                new SecretsStep(),
                new ServerEnvStep(),
                new WwwEnvStep(),
                new StorageStep(),
                new CaddyfileStep(),
                new ServicesStep(),
                new HealthStep(certificates),
                new VerifyStep()));
    }

    /** The names --only and --skip take, in the order the steps run; groundwork every run needs is not among them. */
    public List<String> selectableNames() {
        return steps.stream().filter(Step::selectable).map(Step::name).toList();
    }

    /** Checks --only and --skip against the steps; an unknown name is the user's mistake, reported with the valid names. */
    public StepSelection select(List<String> only, List<String> skip) {
        return new StepSelection(checked("--only", only), checked("--skip", skip));
    }

    private Set<String> checked(String option, List<String> names) {
        List<String> known = selectableNames();
        Set<String> result = new LinkedHashSet<>();
        for (String name : names) {
            String trimmed = name.trim();
            if (!known.contains(trimmed)) {
                throw new IllegalArgumentException(option + ": unknown step " + SafeText.quote(trimmed) + "; steps are "
                        + String.join(", ", known));
            }
            result.add(trimmed);
        }
        return Set.copyOf(result);
    }

    /**
     * The named step's heading line, as a run prints it when the step begins ("==> [3/9]
     * server-env: server/.env and the root .env"): the position counts the selectable steps,
     * whether or not this run selects them.
     */
    public String heading(String name) {
        Step step = steps.stream()
                .filter(candidate -> candidate.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step " + SafeText.quote(name)));
        return Console.heading(position(step), step.name(), step.description());
    }

    /** "[3/9] " for a selectable step, empty for groundwork. */
    private String position(Step step) {
        if (!step.selectable()) {
            return "";
        }
        List<Step> selectable = steps.stream().filter(Step::selectable).toList();
        return "[" + (selectable.indexOf(step) + 1) + "/" + selectable.size() + "] ";
    }

    public void run(StepContext context) throws Exception {
        Settings settings = context.settings();
        RunReport report = context.report();
        for (Step step : steps) {
            StepRecord record = report.start(step.name());
            if (!step.selectable()) {
                record.groundwork();
            }
            context.begin(record);
            if (step.selectable() && !settings.run().steps().runs(step.name())) {
                record.skipped("not selected (--only/--skip)");
                context.console().detail("skip " + step.name() + ": not selected");
                continue;
            }
            Optional<String> notApplicable = step.notApplicable(settings);
            if (notApplicable.isPresent()) {
                record.skipped(notApplicable.get());
                context.console().detail("skip " + step.name() + ": " + notApplicable.get());
                continue;
            }
            context.console().step(position(step), step.name(), step.description());
            try {
                step.run(context);
                context.flushFiles();
            } catch (Exception e) {
                record.failed();
                throw e;
            }
            if (record.changes().isEmpty()) {
                context.console().info("unchanged");
            }
        }
    }
}
