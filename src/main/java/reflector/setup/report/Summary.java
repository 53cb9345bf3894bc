package reflector.setup.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import reflector.setup.catalog.Service;
import reflector.setup.config.ComponentSwitch;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.config.InstallArguments;
import reflector.setup.config.PublicUrls;
import reflector.setup.config.RunSettings;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.steps.RunReport;
import reflector.setup.steps.StepRecord;
import reflector.setup.text.ShellWords;

/** The result of a run, as text for people or one JSON document for scripts (--output json). */
public final class Summary {
    /** The ports the frontend and the API are published on, on 127.0.0.1 (docker-compose.selfhosted.yml). */
    private static final String LOCAL_ONLY =
            "127.0.0.1:" + Service.WEB.port() + " (frontend) and 127.0.0.1:" + Service.SERVER.port() + " (API)";

    private final Settings settings;
    private final DeploymentSettings deployment;
    private final RunSettings run;
    private final RunReport report;

    public Summary(Settings settings, RunReport report) {
        this.settings = settings;
        this.deployment = settings.deployment();
        this.run = settings.run();
        this.report = report;
    }

    public String text() {
        PublicUrls urls = PublicUrls.of(deployment);
        StringBuilder out = new StringBuilder("\n");
        out.append(headline()).append('\n');
        if (deployment.caddy()) {
            row(out, "Open", urls.siteUrl());
            row(out, "API", urls.serverUrl() + "/v1/");
        } else if (deployment.publicUrl().isPresent()) {
            // Only the user's own reverse proxy makes this URL answer.
            row(out, "Open", urls.siteUrl() + " (through your reverse proxy)");
            row(out, "API", urls.serverUrl() + "/v1/");
        } else {
            // Without a proxy nothing is published beyond this server: an "Open" URL would not answer.
            row(
                    out,
                    "Local",
                    "http://127.0.0.1:" + Service.WEB.port() + " (frontend), http://127.0.0.1:" + Service.SERVER.port()
                            + " (API): on this server only");
        }
        row(
                out,
                "Reflector",
                deployment.version().label() + (settings.buildsApplicationImages() ? ", built here" : ""));
        row(out, "Project", deployment.project().name() + " (Compose project, in " + deployment.dir() + "/.env)");
        row(out, "Models", deployment.modelMode().service());
        row(out, "LLM", llm());
        row(
                out,
                "Storage",
                report.storageLocation()
                        .orElse(deployment.garage() ? "garage (bucket reflector-media)" : "external S3"));
        report.storageMove().ifPresent(move -> row(out, "Moved", move));
        row(out, "Proxy", proxy());
        report.certificate().ifPresent(certificate -> row(out, "Cert", certificate.description()));
        row(out, "Login", login());
        // A public instance deletes its transcripts after a while: said where nobody can miss it.
        report.publicRetention()
                .ifPresent(retention -> row(out, "Data", retention.deletes() + "; " + retention.keep()));
        if (!report.serviceHealth().isEmpty()) {
            List<String> states = new ArrayList<>();
            report.serviceHealth().forEach((service, state) -> states.add(service + " " + state));
            row(out, "Services", String.join(", ", states));
        }
        for (ComponentSwitch change : report.switches()) {
            row(out, "Switched", change.headline() + (run.dryRun() ? " (planned)" : ""));
        }
        if (!report.removedContainers().isEmpty()) {
            row(out, "Removed", String.join(", ", report.removedContainers()) + " (stopped and removed: switched off)");
        }
        report.keptVolumesCommand()
                .ifPresent(command -> row(
                        out,
                        "Volumes",
                        (run.dryRun() ? "would keep " : "kept ") + String.join(", ", report.keptVolumes())
                                + " (no service uses them now); to delete them: " + command));
        row(out, "Changes", changes());
        for (String warning : report.warnings()) {
            row(out, "Warning", warning);
        }
        row(out, "Status", rerunPrefix() + " status");
        row(out, "Stop", stopCommand(settings));
        row(out, "Re-run", rerunCommand());
        return out.toString();
    }

    /** {@code plan} is the dry run's plan, or null. Jackson is only loaded here (start-up time). */
    public String json(ExitCode exitCode, String error, ObjectNode plan) {
        return SummaryJson.render(this, exitCode, error, plan);
    }

    /** The run as the install's JSON document, for commands that embed it (upgrade, restore). */
    public ObjectNode node(ExitCode exitCode, String error, ObjectNode plan) {
        return SummaryJson.node(this, exitCode, error, plan);
    }

    Settings settings() {
        return settings;
    }

    RunReport report() {
        return report;
    }

    /** The installer's own `down`: it finds the deployment's project and keeps the volumes. */
    static String stopCommand(Settings settings) {
        return installerIn(settings) + " down";
    }

    private static String installerIn(Settings settings) {
        return "java -jar reflector-setup.jar --dir "
                + ShellWords.quote(settings.deployment().dir().toString());
    }

    private String headline() {
        if (run.dryRun()) {
            return "Dry run finished; nothing was changed.";
        }
        if (run.steps().isPartial()) {
            return "Done: the selected steps ran ("
                    + report.steps().stream()
                            .filter(step -> step.outcome() == StepRecord.Outcome.RAN && !step.isGroundwork())
                            .map(StepRecord::name)
                            .reduce((a, b) -> a + ", " + b)
                            .orElse("none")
                    + ").";
        }
        return "Reflector is running.";
    }

    private String proxy() {
        if (!deployment.caddy()) {
            return deployment.publicUrl().isPresent()
                    ? "yours: point it at " + LOCAL_ONLY
                    : "none: the services are published on 127.0.0.1 only; point a reverse proxy at " + LOCAL_ONLY
                            + ", or re-run with --caddy or --domain";
        }
        if (report.isCaddyfileYours()) {
            return "caddy, with your own Caddyfile (kept as it is: its sites and certificates are yours)";
        }
        if (deployment.domain().isPresent()) {
            return "caddy, certificate for " + deployment.domain().get() + " from "
                    + deployment.acme().caDescription();
        }
        return "caddy, self-signed certificate (browsers will warn)";
    }

    /**
     * The local Ollama and its model; otherwise the endpoint LLM_URL names, or none: a backend
     * without LLM_URL has no LLM to call (its summaries, titles and topics fail).
     */
    private String llm() {
        if (deployment.ollamaMode().enabled()) {
            return deployment.ollamaMode().service().orElseThrow() + " ("
                    + deployment.llmModel().orElseThrow() + ")";
        }
        return report.llmEndpoint()
                .map(endpoint -> endpoint.isEmpty()
                        ? "none: LLM_URL is not set in server/.env, so summaries, titles and topics fail; set LLM_URL, "
                                + "LLM_MODEL and LLM_API_KEY to an OpenAI-compatible endpoint, or re-run with --ollama-cpu or --ollama-gpu"
                        : "external: " + endpoint + " (LLM_URL in server/.env)")
                .orElse("external (LLM_URL in server/.env)");
    }

    private String login() {
        String auth = report.authBackend().orElse("");
        return switch (auth) {
            case "password" -> "password (admin@localhost, or ADMIN_EMAIL in server/.env)";
            case "jwt" -> "jwt (an external identity provider)";
            case "none" -> "none: the instance is public";
            default -> "unchanged";
        };
    }

    private String changes() {
        long count =
                report.steps().stream().mapToLong(step -> step.changes().size()).sum();
        long actions = report.steps().stream()
                .mapToLong(step -> step.plannedActions().size())
                .sum();
        String dockerActions = actions == 0 ? "" : "; " + actions + " Docker actions would run (listed above)";
        if (count == 0) {
            return "none: everything was already as asked" + dockerActions;
        }
        return count + (run.dryRun() ? " planned" : "") + " (listed above)" + dockerActions;
    }

    String rerunPrefix() {
        return installerIn(settings);
    }

    /**
     * The same choices again, without any secret: a re-run keeps secrets, storage credentials,
     * authentication and the recorded Reflector version, so following it changes nothing.
     */
    String rerunCommand() {
        return rerunPrefix() + " " + ShellWords.join(InstallArguments.of(settings));
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format("  %-9s %s%n", label + ":", value));
    }
}
