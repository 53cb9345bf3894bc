package reflector.setup.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import reflector.setup.config.ComponentSwitch;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.config.PublicUrls;
import reflector.setup.config.Releases;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.output.JsonDocument;
import reflector.setup.steps.Change;
import reflector.setup.steps.RunReport;
import reflector.setup.steps.StepRecord;

/**
 * The summary as one JSON document (--output json). Apart from {@link Summary} so that a text
 * run never loads Jackson (the class verifier would, for every method of a class it links).
 */
final class SummaryJson {
    private SummaryJson() {}

    /** {@code plan} is the dry run's plan, or null. */
    static String render(Summary summary, ExitCode exitCode, String error, ObjectNode plan) {
        return JsonDocument.render(node(summary, exitCode, error, plan));
    }

    /** The install's document ("install"): the fields every document starts with, then the run's. */
    static ObjectNode node(Summary summary, ExitCode exitCode, String error, ObjectNode plan) {
        Settings settings = summary.settings();
        DeploymentSettings deployment = settings.deployment();
        RunReport report = summary.report();
        ObjectNode root = JsonDocument.start("install", exitCode, error);
        root.put("dryRun", settings.run().dryRun());
        root.put("directory", deployment.dir().toString());
        root.put("project", deployment.project().name());
        ObjectNode version = root.putObject("reflectorVersion");
        version.put("ref", deployment.version().ref());
        version.put("kind", deployment.version().kind().name().toLowerCase(Locale.ROOT));
        version.put("imageTag", deployment.version().imageTag());
        version.put("builtHere", settings.buildsApplicationImages());
        deployment
                .version()
                .release()
                .ifPresentOrElse(
                        release -> version.putObject("release")
                                .put("stack", release.stack())
                                .put("migrationHead", release.migrationHead()),
                        () -> version.putNull("release"));
        ArrayNode releases = root.putArray("deployableReleases");
        Releases.deployable().forEach(release -> releases.add(release.tag()));
        PublicUrls urls = PublicUrls.of(deployment);
        root.putObject("urls").put("site", urls.siteUrl()).put("api", urls.serverUrl());
        root.put("modelMode", deployment.modelMode().service());
        ObjectNode llm = root.putObject("llm");
        llm.put("ollama", deployment.ollamaMode().service().orElse(null));
        llm.put("model", deployment.llmModel().orElse(null));
        // Without Ollama: the endpoint LLM_URL names (scheme, host, port), "" when none is set; null when not read.
        llm.put(
                "endpoint",
                deployment.ollamaMode().enabled() ? null : report.llmEndpoint().orElse(null));
        root.put("storage", deployment.garage() ? "garage" : "external");
        report.storageMove().ifPresent(move -> root.put("storageMove", move));
        root.put("caddy", deployment.caddy());
        root.put("caddyfile", report.isCaddyfileYours() ? "yours" : null);
        // Without Caddy the services answer on 127.0.0.1 only (docker-compose.selfhosted.yml).
        root.put("publishedOnLocalhostOnly", !deployment.caddy());
        root.put("domain", deployment.domain().orElse(null));
        if (deployment.domain().isPresent()) {
            ObjectNode acme = root.putObject("acme");
            acme.put("ca", deployment.acme().ca().orElse(null));
            acme.put("email", deployment.acme().email().orElse(null));
            acme.put("caRoot", deployment.acme().caRootPem().isPresent() ? DeploymentFiles.ACME_CA_ROOT : null);
        }
        report.certificate().ifPresent(served -> root.putObject("certificate")
                .put("issuer", served.issuer())
                .put("notAfter", served.notAfter().toString())
                .put("serial", served.serial())
                .put("trusted", served.trusted()));
        root.put("publicIp", deployment.publicIp().orElse(null));
        root.put("auth", report.authBackend().orElse(null));
        PublicRetentionJson.put(root, report.publicRetention());
        ArrayNode profiles = root.putArray("profiles");
        deployment.profiles().forEach(profiles::add);
        ObjectNode services = root.putObject("services");
        report.serviceHealth().forEach(services::put);
        ArrayNode switches = root.putArray("switches");
        for (ComponentSwitch change : report.switches()) {
            ObjectNode node = switches.addObject();
            node.put("component", change.component());
            node.put("from", change.from());
            node.put("to", change.to());
            change.servicesOff().forEach(node.putArray("servicesOff")::add);
            change.servicesOn().forEach(node.putArray("servicesOn")::add);
            change.volumesKept().forEach(node.putArray("volumesKept")::add);
            change.portsFreed().forEach(node.putArray("portsFreed")::add);
            change.settings().forEach(node.putArray("settings")::add);
            node.put("text", change.text());
        }
        report.removedContainers().forEach(root.putArray("removedContainers")::add);
        report.keptVolumes().forEach(root.putArray("keptVolumes")::add);
        root.put("changed", report.changedAnything());
        ArrayNode steps = root.putArray("steps");
        ArrayNode changes = root.putArray("changes");
        for (StepRecord step : report.steps()) {
            ObjectNode node = steps.addObject();
            node.put("name", step.name());
            node.put("outcome", step.outcome().name().toLowerCase(Locale.ROOT));
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
                .put("status", summary.rerunPrefix() + " status")
                .put("stop", Summary.stopCommand(settings))
                .put("rerun", summary.rerunCommand())
                .put("deleteKeptVolumes", report.keptVolumesCommand().orElse(null));
        return root;
    }

    /** {step, action, file, key, items, text}: the fields documented in docs/json-output.md. */
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
}
