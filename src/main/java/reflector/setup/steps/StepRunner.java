package reflector.setup.steps;

import java.util.List;
import java.util.Optional;
import reflector.setup.config.Settings;

/** Runs the steps in order, honouring --only/--skip, and records what each one did. */
public final class StepRunner {
    private final List<Step> steps;

    public StepRunner(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    public void run(StepContext context) throws Exception {
        Settings settings = context.settings();
        RunReport report = context.report();
        int total = (int) steps.stream().filter(Step::selectable).count();
        int number = 0;
        for (Step step : steps) {
            if (step.selectable()) {
                number++;
            }
            StepRecord record = report.start(step.name());
            context.begin(record);
            if (step.selectable() && !settings.steps().runs(step.name())) {
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
            context.console().step(step.selectable() ? "[" + number + "/" + total + "] " : "", step.name(), step.description());
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
