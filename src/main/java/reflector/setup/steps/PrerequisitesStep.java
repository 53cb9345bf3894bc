package reflector.setup.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.core.InstallerException;
import reflector.setup.preflight.CheckResult;
import reflector.setup.preflight.NameResolver;
import reflector.setup.preflight.PreflightChecks;
import reflector.setup.preflight.PreflightContext;
import reflector.setup.tls.CertificateProbe;

/**
 * Runs the named preflight checks ({@link PreflightChecks}): the engine answers and is new enough,
 * Compose V2 is there, the GPU is usable when asked for, the compose file is readable by Compose
 * (or about to be written from the bundle), the host ports it publishes are free or already ours,
 * a --domain is ready for the CA (it resolves here and port 80 is Caddy's), and there is enough
 * disk and memory, and the database's migration revision before a move to another Reflector
 * version. A failure stops the run (exit 3) unless --ignore-preflight names it; in a dry run
 * failures are only reported (and recorded, for upgrade to stop before its backup).
 */
public final class PrerequisitesStep implements Step {
    /** Daemon threads: a question still running must not keep the JVM alive after a failed run. */
    private static final Executor AHEAD = runnable -> {
        Thread thread = new Thread(runnable, "compose-ahead");
        thread.setDaemon(true);
        thread.start();
    };

    private final NameResolver resolver;
    private final CertificateProbe certificates;
    private final Map<String, String> environment;

    public PrerequisitesStep() {
        this(NameResolver.SYSTEM, CertificateProbe.TLS, Map.of());
    }

    /**
     * The domain check looks the domain up, and asks this host's Caddy for its certificate, through
     * these; the engine check's advice looks for the docker CLI on the PATH of {@code environment}.
     */
    public PrerequisitesStep(NameResolver resolver, CertificateProbe certificates, Map<String, String> environment) {
        this.resolver = resolver;
        this.certificates = certificates;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String name() {
        return "prerequisites";
    }

    @Override
    public String description() {
        return "preflight checks (Docker, Compose, migrations, GPU, ports, domain, disk, memory)";
    }

    @Override
    public void run(StepContext context) {
        List<CheckResult> results = check(context);
        List<String> failures = new ArrayList<>();
        for (CheckResult result : results) {
            switch (result.status()) {
                case PASS -> context.console().info("ok   " + result.name() + ": " + result.message());
                case NOT_CHECKED -> context.console().info("--   " + result.name() + ": " + result.message());
                case WARN -> context.warn(result.name() + ": " + result.message());
                case FAIL -> {
                    if (PreflightChecks.ignored(context.runSettings(), result.name())) {
                        context.warn(result.name() + " (ignored by --ignore-preflight): " + result.message());
                    } else if (context.dryRun()) {
                        context.report().preflightFailure(result.name(), result.message());
                        context.warn(result.name() + " would fail: " + result.message());
                    } else {
                        context.console().error(result.name() + ": " + result.message());
                        failures.add(result.name());
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            throw InstallerException.environment("preflight failed: " + String.join(", ", failures)
                    + " (see above; --ignore-preflight " + String.join(",", failures) + " goes on anyway)");
        }
    }

    List<CheckResult> check(StepContext context) {
        List<CompletableFuture<Void>> asked = askComposeAhead(context);
        try {
            return checks(context);
        } finally {
            asked.forEach(CompletableFuture::join);
        }
    }

    /**
     * The checks ask Compose two things, its plugin's version and the compose file's config, each a
     * docker CLI and plugin start. Asked here side by side while the engine is asked for its facts;
     * both answers are kept, so the checks find them ready. A failure is left for the check that
     * asks again to report.
     */
    private static List<CompletableFuture<Void>> askComposeAhead(StepContext context) {
        List<Runnable> questions = List.of(() -> context.docker().composeVersion(), context::servicePorts);
        List<CompletableFuture<Void>> asked = new ArrayList<>();
        for (Runnable question : questions) {
            asked.add(CompletableFuture.runAsync(question, AHEAD).exceptionally(failure -> null));
        }
        return asked;
    }

    private List<CheckResult> checks(StepContext context) {
        return PreflightChecks.run(new PreflightContext(
                context.settings(),
                context::docker,
                context.deployment(),
                context.workspace()
                        .path(DeploymentFiles.composeFile(context.workspace().dir())),
                context::servicePorts,
                resolver,
                certificates,
                context.clock().instant(),
                environment));
    }
}
