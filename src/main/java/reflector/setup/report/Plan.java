package reflector.setup.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.files.FileChange;
import reflector.setup.files.Workspace;
import reflector.setup.secrets.KnownSecrets;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.steps.RunReport;
import reflector.setup.steps.StepRecord;
import reflector.setup.text.SafeText;
import reflector.setup.text.UnifiedDiff;

/**
 * A dry run's result: what each step would change and which Docker actions it would take, then a
 * diff of every file that would change, secrets masked.
 */
public final class Plan {
    private Plan() {}

    public static String render(Workspace workspace, RunReport report, SecretMasker masker) {
        StringBuilder out = new StringBuilder("Dry run: nothing was changed. Plan for ")
                .append(SafeText.oneLine(workspace.dir().toString()))
                .append(":\n");
        for (StepRecord step : report.steps()) {
            if (step.outcome() == StepRecord.Outcome.SKIPPED) {
                out.append("  ")
                        .append(step.name())
                        .append(": skipped (")
                        .append(step.skipReason())
                        .append(")\n");
                continue;
            }
            if (step.changes().isEmpty() && step.plannedActions().isEmpty()) {
                out.append("  ").append(step.name()).append(": no change\n");
            }
            for (String change : step.changes()) {
                out.append("  ")
                        .append(step.name())
                        .append(": ")
                        .append(masker.mask(change))
                        .append('\n');
            }
            for (String action : step.plannedActions()) {
                out.append("  ")
                        .append(step.name())
                        .append(": (Docker) ")
                        .append(masker.mask(action))
                        .append('\n');
            }
        }
        workspace
                .plannedActions()
                .forEach(action -> out.append("  ").append(action).append('\n'));
        report.publicRetention().ifPresent(retention -> out.append("  Data: ")
                .append(retention.deletes())
                .append("; ")
                .append(retention.keep())
                .append('\n'));
        List<FileDiff> diffs = diffs(workspace, masker);
        for (FileDiff diff : diffs) {
            out.append('\n').append(diff.text());
        }
        if (diffs.isEmpty()) {
            out.append("\nNo file would change.\n");
        }
        return out.toString();
    }

    public static ObjectNode json(Workspace workspace, RunReport report, SecretMasker masker) {
        ObjectNode plan = JsonNodeFactory.instance.objectNode();
        ArrayNode actions = plan.putArray("dockerActions");
        for (StepRecord step : report.steps()) {
            step.plannedActions()
                    .forEach(action ->
                            actions.addObject().put("step", step.name()).put("action", masker.mask(action)));
        }
        ArrayNode fileActions = plan.putArray("fileActions");
        workspace.plannedActions().forEach(fileActions::add);
        ArrayNode files = plan.putArray("files");
        for (FileDiff diff : diffs(workspace, masker)) {
            files.addObject()
                    .put("path", diff.path())
                    .put("created", diff.created())
                    .put("diff", diff.text());
        }
        return plan;
    }

    private record FileDiff(String path, boolean created, String text) {}

    /** A new copy of a bundled file is named, not shown: it is the file as the jar carries it. */
    private static List<FileDiff> diffs(Workspace workspace, SecretMasker masker) {
        List<FileDiff> diffs = new ArrayList<>();
        for (FileChange change : workspace.plannedChanges()) {
            if (change.created()
                    && (DeploymentFiles.BUNDLE.contains(change.path())
                            || change.path().equals(DeploymentFiles.CHECKOUT_COMPOSE_FILE))) {
                diffs.add(new FileDiff(
                        change.path(),
                        true,
                        "(new file " + change.path() + ": a copy of the bundled file, "
                                + change.after().lines().count() + " lines)\n"));
                continue;
            }
            SecretMasker fileMasker =
                    masker.with(KnownSecrets.inEnvText(change.before())).with(KnownSecrets.inEnvText(change.after()));
            String[] shown = MaskedFiles.pair(change.path(), change.before(), change.after(), fileMasker);
            diffs.add(new FileDiff(
                    change.path(),
                    change.created(),
                    fileMasker.mask(UnifiedDiff.diff(
                            change.created() ? UnifiedDiff.NO_FILE : "a/" + change.path(),
                            "b/" + change.path(),
                            shown[0] == null ? "" : shown[0],
                            shown[1]))));
        }
        return diffs;
    }
}
