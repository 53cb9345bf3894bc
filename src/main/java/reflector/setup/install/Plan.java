package reflector.setup.install;

import java.util.List;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.files.FileChange;
import reflector.setup.files.Workspace;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.steps.RunReport;
import reflector.setup.steps.StepRecord;
import reflector.setup.text.UnifiedDiff;

/** A dry run's result: what each step would do, then a diff of every file that would change, secrets masked. */
final class Plan {
    private Plan() {
    }

    static String render(Workspace workspace, RunReport report, SecretMasker masker) {
        StringBuilder out = new StringBuilder("Dry run: nothing was changed. Plan for ").append(workspace.dir()).append(":\n");
        for (StepRecord step : report.steps()) {
            switch (step.outcome()) {
                case SKIPPED -> out.append("  ").append(step.name()).append(": skipped (").append(step.skipReason()).append(")\n");
                default -> {
                    if (step.changes().isEmpty()) {
                        out.append("  ").append(step.name()).append(": no change\n");
                    }
                    for (String change : step.changes()) {
                        out.append("  ").append(step.name()).append(": ").append(masker.mask(change)).append('\n');
                    }
                }
            }
        }
        workspace.plannedActions().forEach(action -> out.append("  ").append(action).append('\n'));
        List<FileChange> changes = workspace.plannedChanges();
        for (FileChange change : changes) {
            if (change.created() && DeploymentFiles.BUNDLE.contains(change.path())) {
                out.append("\n(new file ").append(change.path()).append(": a copy of the bundled file, ")
                        .append(change.after().lines().count()).append(" lines)\n");
                continue;
            }
            SecretMasker fileMasker = masker.with(KnownSecrets.inEnvText(change.before()))
                    .with(KnownSecrets.inEnvText(change.after()));
            out.append('\n').append(fileMasker.mask(UnifiedDiff.diff(
                    change.created() ? UnifiedDiff.NO_FILE : "a/" + change.path(), "b/" + change.path(),
                    change.before() == null ? "" : change.before(), change.after())));
        }
        if (changes.isEmpty()) {
            out.append("\nNo file would change.\n");
        }
        return out.toString();
    }
}
