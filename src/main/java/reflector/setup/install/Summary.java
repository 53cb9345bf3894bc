package reflector.setup.install;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import reflector.setup.ExitCode;
import reflector.setup.docker.ComposeCli;
import reflector.setup.config.PublicUrls;
import reflector.setup.config.Settings;
import reflector.setup.output.JsonDocument;
import reflector.setup.steps.Change;
import reflector.setup.steps.RunReport;
import reflector.setup.steps.StepRecord;
import reflector.setup.text.ShellWords;

/** The result of a run, as text for people or one JSON document for scripts (--output json). */
final class Summary {
    private final Settings settings;
    private final RunReport report;

    Summary(Settings settings, RunReport report) {
        this.settings = settings;
        this.report = report;
    }

    String text() {
        PublicUrls urls = PublicUrls.of(settings);
        StringBuilder out = new StringBuilder("\n");
        out.append(headline()).append('\n');
        row(out, "Open", urls.siteUrl());
        row(out, "API", urls.serverUrl() + (urls.serverUrl().endsWith(":1250") ? "" : "/v1/"));
        row(out, "Reflector", settings.version().label() + (settings.buildsApplicationImages() ? ", built here" : ""));
        row(out, "Project", settings.project().name() + " (Compose project, in " + settings.dir() + "/.env)");
        row(out, "Models", settings.modelMode().service());
        row(out, "LLM", settings.ollamaMode().enabled()
                ? settings.ollamaMode().service().orElseThrow() + " (" + settings.llmModel().orElseThrow() + ")"
                : "external (LLM_URL in server/.env)");
        row(out, "Storage", settings.garage() ? "garage (bucket reflector-media)" : "external S3");
        row(out, "Proxy", proxy());
        row(out, "Login", login());
        if (!report.serviceHealth().isEmpty()) {
            List<String> states = new ArrayList<>();
            report.serviceHealth().forEach((service, state) -> states.add(service + " " + state));
            row(out, "Services", String.join(", ", states));
        }
        row(out, "Changes", changes());
        for (String warning : report.warnings()) {
            row(out, "Warning", warning);
        }
        row(out, "Status", rerunPrefix() + " status");
        row(out, "Stop", stopCommand(settings));
        row(out, "Re-run", rerunCommand());
        return out.toString();
    }

    /** {@code plan} is the dry run's plan, or null. */
    String json(ExitCode exitCode, String error, ObjectNode plan) {
        return JsonDocument.render(node(exitCode, error, plan));
    }

    /** The run as one JSON document ("install"); {@code plan} is the dry run's plan, or null. */
    ObjectNode node(ExitCode exitCode, String error, ObjectNode plan) {
        ObjectNode root = JsonDocument.start("install", exitCode, error);
        root.put("dryRun", settings.dryRun());
        root.put("directory", settings.dir().toString());
        root.put("project", settings.project().name());
        ObjectNode version = root.putObject("reflectorVersion");
        version.put("ref", settings.version().ref());
        version.put("kind", settings.version().kind().name().toLowerCase(java.util.Locale.ROOT));
        version.put("imageTag", settings.version().imageTag());
        version.put("builtHere", settings.buildsApplicationImages());
        PublicUrls urls = PublicUrls.of(settings);
        root.putObject("urls").put("site", urls.siteUrl()).put("api", urls.serverUrl());
        root.put("modelMode", settings.modelMode().service());
        ObjectNode llm = root.putObject("llm");
        llm.put("ollama", settings.ollamaMode().service().orElse(null));
        llm.put("model", settings.llmModel().orElse(null));
        root.put("storage", settings.garage() ? "garage" : "external");
        root.put("caddy", settings.caddy());
        root.put("domain", settings.domain().orElse(null));
        root.put("publicIp", settings.publicIp().orElse(null));
        root.put("auth", report.fact("auth").orElse(null));
        ArrayNode profiles = root.putArray("profiles");
        settings.profiles().forEach(profiles::add);
        ObjectNode services = root.putObject("services");
        report.serviceHealth().forEach(services::put);
        root.put("changed", report.changedAnything());
        ArrayNode steps = root.putArray("steps");
        ArrayNode changes = root.putArray("changes");
        for (StepRecord step : report.steps()) {
            ObjectNode node = steps.addObject();
            node.put("name", step.name());
            node.put("outcome", step.outcome().name().toLowerCase(java.util.Locale.ROOT));
            node.put("skipReason", step.skipReason());
            ArrayNode stepChanges = node.putArray("changes");
            for (Change change : step.structuredChanges()) {
                ObjectNode entry = changeNode(step.name(), change);
                stepChanges.add(entry);
                changes.add(entry.deepCopy());
            }
            step.plannedActions().forEach(node.putArray("plannedDockerActions")::add);
            step.notes().forEach(node.putArray("notes")::add);
        }
        if (plan != null) {
            root.set("plan", plan);
        }
        ArrayNode warnings = root.putArray("warnings");
        report.warnings().forEach(warnings::add);
        root.putObject("commands")
                .put("status", rerunPrefix() + " status")
                .put("stop", stopCommand(settings))
                .put("rerun", rerunCommand());
        return root;
    }

    /** {step, action, file, key, items, text}: the fields documented in the README. */
    static ObjectNode changeNode(String step, Change change) {
        ObjectNode entry = JsonDocument.object();
        entry.put("step", step);
        entry.put("action", change.action());
        entry.put("file", change.file());
        entry.put("key", change.key());
        change.items().forEach(entry.putArray("items")::add);
        entry.put("text", change.text());
        return entry;
    }

    private static String stopCommand(Settings settings) {
        return "cd " + ShellWords.quote(settings.dir().toString()) + " && "
                + ComposeCli.commandLine(settings.profiles(), List.of("down"));
    }

    private String headline() {
        if (settings.dryRun()) {
            return "Dry run finished; nothing was changed.";
        }
        if (settings.steps().isPartial()) {
            return "Done: the selected steps ran (" + report.steps().stream()
                    .filter(step -> step.outcome() == StepRecord.Outcome.RAN && !step.name().equals("bundle"))
                    .map(StepRecord::name).reduce((a, b) -> a + ", " + b).orElse("none") + ").";
        }
        return "Reflector is running.";
    }

    private String proxy() {
        if (!settings.caddy()) {
            return "none: point your reverse proxy at 127.0.0.1:3000 (frontend) and 127.0.0.1:1250 (API)";
        }
        if (settings.domain().isPresent()) {
            return "caddy, Let's Encrypt certificate for " + settings.domain().get();
        }
        return "caddy, self-signed certificate (browsers will warn)";
    }

    private String login() {
        String auth = report.fact("auth").orElse("");
        return switch (auth) {
            case "password" -> "password (admin@localhost, or ADMIN_EMAIL in server/.env)";
            case "jwt" -> "jwt (an external identity provider)";
            case "none" -> "none: the instance is public";
            default -> "unchanged";
        };
    }

    private String changes() {
        long count = report.steps().stream().mapToLong(step -> step.changes().size()).sum();
        long actions = report.steps().stream().mapToLong(step -> step.plannedActions().size()).sum();
        String dockerActions = actions == 0 ? "" : "; " + actions + " Docker actions would run (listed above)";
        if (count == 0) {
            return "none: everything was already as asked" + dockerActions;
        }
        return count + (settings.dryRun() ? " planned" : "") + " (listed above)" + dockerActions;
    }

    private String rerunPrefix() {
        return "java -jar reflector-setup.jar --dir " + ShellWords.quote(settings.dir().toString());
    }

    /**
     * The same choices again, without any secret: a re-run keeps secrets, storage credentials,
     * authentication and the recorded Reflector version, so following it changes nothing.
     */
    private String rerunCommand() {
        return rerunPrefix() + " " + ShellWords.join(reflector.setup.config.InstallArguments.of(settings));
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format("  %-9s %s%n", label + ":", value));
    }
}
