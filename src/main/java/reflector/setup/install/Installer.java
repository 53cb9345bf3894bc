package reflector.setup.install;

import java.util.List;
import java.util.function.Supplier;
import reflector.setup.ExitCode;
import reflector.setup.Host;
import reflector.setup.InstallerException;
import reflector.setup.cli.OutputFormat;
import reflector.setup.config.Settings;
import reflector.setup.docker.Docker;
import reflector.setup.files.Workspace;
import reflector.setup.output.Console;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.steps.BundleStep;
import reflector.setup.steps.CaddyfileStep;
import reflector.setup.steps.HealthStep;
import reflector.setup.steps.PrerequisitesStep;
import reflector.setup.steps.RunReport;
import reflector.setup.steps.SecretsStep;
import reflector.setup.steps.ServerEnvStep;
import reflector.setup.steps.ServiceFailure;
import reflector.setup.steps.ServicesStep;
import reflector.setup.steps.Step;
import reflector.setup.steps.StepContext;
import reflector.setup.steps.StepRunner;
import reflector.setup.steps.StorageStep;
import reflector.setup.steps.WwwEnvStep;

/** One install run: the steps in order, then the plan (dry run) and the summary; diagnostics on failure. */
public final class Installer {
    private final Host host;
    private final Console console;
    private final OutputFormat format;

    public Installer(Host host, Console console, OutputFormat format) {
        this.host = host;
        this.console = console;
        this.format = format;
    }

    /** Prerequisites first: nothing is written into a directory where the run cannot go on. */
    public static List<Step> standardSteps() {
        return List.of(new PrerequisitesStep(), new BundleStep(), new SecretsStep(), new ServerEnvStep(),
                new WwwEnvStep(), new StorageStep(), new CaddyfileStep(), new ServicesStep(), new HealthStep());
    }

    public ExitCode run(Settings settings) throws Exception {
        if (settings.dryRun()) {
            return runLocked(settings);
        }
        try (RunLock lock = RunLock.acquire(settings.dir())) {
            return runLocked(settings);
        }
    }

    private ExitCode runLocked(Settings settings) throws Exception {
        LazyDocker docker = new LazyDocker(host.docker());
        Workspace workspace = new Workspace(settings.dir(), settings.dryRun());
        RunReport report = new RunReport();
        // Secrets already on disk are masked from the start, also when the steps that read them are skipped.
        StepContext context = new StepContext(settings, workspace, console, docker, host.random(), host.clock(), report,
                KnownSecrets.in(settings.dir()));
        try {
            new StepRunner(standardSteps()).run(context);
        } catch (ServiceFailure failure) {
            // Compose's own output ends up in these messages: masked like the logs, and without the
            // unmasked original as a cause (--verbose prints causes).
            ServiceFailure masked = new ServiceFailure(failure.service(), context.masker().maskAll(failure.getMessage()));
            if (docker.connected()) {
                console.block(Diagnostics.report(docker.get(), failure.service(), context.masker()));
            }
            printFailure(settings, report, masked.exitCode(), masked.getMessage());
            throw masked;
        } catch (InstallerException e) {
            printFailure(settings, report, e.exitCode(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            printFailure(settings, report, ExitCode.INTERNAL_ERROR, e.toString());
            throw e;
        } finally {
            docker.close();
        }
        Summary summary = new Summary(settings, report);
        if (format == OutputFormat.json) {
            host.out().print(summary.json(ExitCode.OK, null,
                    settings.dryRun() ? Plan.json(workspace, report, context.masker()) : null));
        } else {
            if (settings.dryRun()) {
                host.out().print(Plan.render(workspace, report, context.masker()));
            }
            host.out().print(summary.text());
        }
        host.out().flush();
        return ExitCode.OK;
    }

    /** With --output json a failed run still prints its one document. */
    private void printFailure(Settings settings, RunReport report, ExitCode exitCode, String message) {
        if (format == OutputFormat.json) {
            host.out().print(new Summary(settings, report).json(exitCode, message, null));
            host.out().flush();
        }
    }

    /** Connects to Docker on first use only, so that config-only runs and dry runs work without it. */
    private static final class LazyDocker implements Supplier<Docker> {
        private final Supplier<Docker> factory;
        private Docker docker;

        LazyDocker(Supplier<Docker> factory) {
            this.factory = factory;
        }

        @Override
        public synchronized Docker get() {
            if (docker == null) {
                docker = factory.get();
            }
            return docker;
        }

        synchronized boolean connected() {
            return docker != null;
        }

        synchronized void close() {
            if (docker != null) {
                docker.close();
            }
        }
    }
}
