package reflector.setup.upgrade;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import reflector.setup.config.BuildSources;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.config.Settings;
import reflector.setup.output.JsonDocument;
import reflector.setup.steps.Change;
import reflector.setup.steps.RunReport;
import reflector.setup.steps.ServicesStep;
import reflector.setup.steps.StepRecord;

/**
 * What an upgrade changes, from the install's dry run with the new version: the Reflector version,
 * the images (tags, or the sources they are built from), and the files (the compose file and
 * templates this installer brings, the env keys that follow the version). Edited files that are
 * kept are named in {@code notes}.
 */
public record UpgradePlan(
        Optional<ReflectorVersion> from,
        ReflectorVersion to,
        boolean builtHere,
        List<ImageChange> images,
        List<StepChange> files,
        List<String> notes) {

    /** One image (or build source) before and after; {@code from} is null when nothing was recorded. */
    public record ImageChange(String services, String from, String to) {
        public boolean changes() {
            return !to.equals(from);
        }
    }

    /** A change of the dry run, with the step that would make it. */
    public record StepChange(String step, Change change) {}

    public static UpgradePlan of(Optional<ReflectorVersion> from, Settings target, RunReport dryRun) {
        ReflectorVersion to = target.deployment().version();
        boolean built = target.buildsApplicationImages();
        List<ImageChange> images = new ArrayList<>();
        BuildSources before = from.map(ReflectorVersion::sources).orElse(null);
        images.add(new ImageChange(
                "server, worker, beat",
                from.map(version -> image(ServicesStep.BACKEND_REPOSITORY, version))
                        .orElse(null),
                image(ServicesStep.BACKEND_REPOSITORY, to)));
        images.add(new ImageChange(
                "web",
                from.map(version -> image(ServicesStep.FRONTEND_REPOSITORY, version))
                        .orElse(null),
                image(ServicesStep.FRONTEND_REPOSITORY, to)));
        if (built) {
            images.add(new ImageChange(
                    "server, worker, beat (built from)",
                    before == null ? null : before.serverContext(),
                    to.sources().serverContext()));
            images.add(new ImageChange(
                    "web (built from)",
                    before == null ? null : before.webContext(),
                    to.sources().webContext()));
        }
        images.add(new ImageChange(
                target.deployment().modelMode().service() + " (built from)",
                before == null ? null : before.modelContext(),
                to.sources().modelContext()));
        List<StepChange> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (StepRecord step : dryRun.steps()) {
            for (Change change : step.structuredChanges()) {
                if (change.file() != null) {
                    files.add(new StepChange(step.name(), change));
                }
            }
            if (step.name().equals("bundle")) {
                notes.addAll(step.notes());
            }
        }
        return new UpgradePlan(from, to, built, List.copyOf(images), List.copyOf(files), List.copyOf(notes));
    }

    private static String image(String repository, ReflectorVersion version) {
        return repository + ":" + version.imageTag();
    }

    public boolean movesVersion() {
        return from.map(version -> !version.ref().equals(to.ref())).orElse(true);
    }

    /** Whether running the upgrade would change anything: the version, an image or build source, or a file. */
    public boolean changesAnything() {
        return movesVersion() || images.stream().anyMatch(ImageChange::changes) || !files.isEmpty();
    }

    public String text() {
        StringBuilder out = new StringBuilder("Upgrade plan\n");
        out.append("  Reflector: ")
                .append(from.map(ReflectorVersion::label).orElse("(not recorded)"))
                .append(movesVersion() ? " -> " + to.label() : " (stays)")
                .append('\n');
        for (ImageChange image : images) {
            out.append("  ").append(image.services()).append(": ");
            out.append(
                    image.changes()
                            ? (image.from() == null ? "(not recorded)" : image.from()) + " -> " + image.to()
                            : image.to() + " (unchanged)");
            out.append('\n');
        }
        if (files.isEmpty()) {
            out.append("  files: no change\n");
        }
        for (StepChange file : files) {
            out.append("  ")
                    .append(file.step())
                    .append(": ")
                    .append(file.change().text())
                    .append('\n');
        }
        notes.forEach(note -> out.append("  note: ").append(note).append('\n'));
        return out.toString();
    }

    public ObjectNode json() {
        ObjectNode root = JsonDocument.object();
        from.ifPresentOrElse(version -> version(root.putObject("from"), version), () -> root.putNull("from"));
        version(root.putObject("to"), to);
        root.put("builtHere", builtHere);
        root.put("changesAnything", changesAnything());
        ArrayNode imageList = root.putArray("images");
        for (ImageChange image : images) {
            imageList
                    .addObject()
                    .put("services", image.services())
                    .put("from", image.from())
                    .put("to", image.to())
                    .put("changes", image.changes());
        }
        ArrayNode changes = root.putArray("changes");
        for (StepChange file : files) {
            ObjectNode entry = changes.addObject();
            entry.put("step", file.step());
            entry.put("action", file.change().action());
            entry.put("file", file.change().file());
            entry.put("key", file.change().key());
            file.change().items().forEach(entry.putArray("items")::add);
            entry.put("text", file.change().text());
        }
        notes.forEach(root.putArray("notes")::add);
        return root;
    }

    private static void version(ObjectNode node, ReflectorVersion version) {
        node.put("ref", version.ref());
        node.put("kind", version.kind().name().toLowerCase(Locale.ROOT));
        node.put("imageTag", version.imageTag());
        node.put("label", version.label());
    }
}
