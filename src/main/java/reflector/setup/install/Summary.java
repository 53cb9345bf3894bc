package reflector.setup.install;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import reflector.setup.ExitCode;
import reflector.setup.docker.ComposeCli;
import reflector.setup.config.PublicUrls;
import reflector.setup.config.Settings;
import reflector.setup.steps.RunReport;
import reflector.setup.steps.StepRecord;
import reflector.setup.text.ShellWords;

/** The result of a run, as text for people or one JSON document for scripts (--output json). */
final class Summary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        report.fact("certificate").ifPresent(certificate -> row(out, "Cert", certificate));
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
        ObjectNode root = JSON.createObjectNode();
        root.put("result", exitCode == ExitCode.OK ? "ok" : "failed");
        root.put("exitCode", exitCode.code());
        root.put("error", error);
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
        if (settings.domain().isPresent()) {
            ObjectNode acme = root.putObject("acme");
            acme.put("ca", settings.acme().ca().orElse(null));
            acme.put("email", settings.acme().email().orElse(null));
            acme.put("caRoot", settings.acme().caRootPem().isPresent() ? reflector.setup.config.DeploymentFiles.ACME_CA_ROOT : null);
        }
        if (report.fact("certificate").isPresent()) {
            ObjectNode certificate = root.putObject("certificate");
            certificate.put("issuer", report.fact("certificateIssuer").orElse(null));
            certificate.put("notAfter", report.fact("certificateNotAfter").orElse(null));
            certificate.put("serial", report.fact("certificateSerial").orElse(null));
            certificate.put("trusted", Boolean.parseBoolean(report.fact("certificateTrusted").orElse("false")));
        }
        root.put("publicIp", settings.publicIp().orElse(null));
        root.put("auth", report.fact("auth").orElse(null));
        ArrayNode profiles = root.putArray("profiles");
        settings.profiles().forEach(profiles::add);
        ObjectNode services = root.putObject("services");
        report.serviceHealth().forEach(services::put);
        root.put("changed", report.changedAnything());
        ArrayNode steps = root.putArray("steps");
        for (StepRecord step : report.steps()) {
            ObjectNode node = steps.addObject();
            node.put("name", step.name());
            node.put("outcome", step.outcome().name().toLowerCase(java.util.Locale.ROOT));
            node.put("skipReason", step.skipReason());
            step.changes().forEach(node.putArray("changes")::add);
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
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
            return "caddy, certificate for " + settings.domain().get() + " from " + settings.acme().caDescription();
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
        List<String> words = new ArrayList<>();
        words.add("--" + settings.modelMode().service());
        settings.ollamaMode().profile().ifPresent(profile -> words.add("--" + profile));
        settings.llmModel().filter(model -> !model.equals(Settings.DEFAULT_LLM_MODEL))
                .ifPresent(model -> words.addAll(List.of("--llm-model", model)));
        if (settings.garage()) {
            words.add("--garage");
        }
        if (settings.domain().isPresent()) {
            words.addAll(List.of("--domain", settings.domain().get()));
        } else if (settings.caddy()) {
            words.add("--caddy");
        }
        if (settings.build()) {
            words.add("--build");
        }
        if (settings.pull() != reflector.setup.config.PullPolicy.always) {
            words.addAll(List.of("--pull", settings.pull().name()));
        }
        settings.publicUrl().ifPresent(url -> words.addAll(List.of("--public-url", url)));
        // The address as used now, so a re-run does not depend on detecting the same one again.
        settings.publicIp().ifPresent(ip -> words.addAll(List.of("--public-ip", ip)));
        if (!settings.ignoredPreflightChecks().isEmpty()) {
            words.addAll(List.of("--ignore-preflight", String.join(",", new java.util.TreeSet<>(settings.ignoredPreflightChecks()))));
        }
        return rerunPrefix() + " " + ShellWords.join(words);
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format("  %-9s %s%n", label + ":", value));
    }
}
