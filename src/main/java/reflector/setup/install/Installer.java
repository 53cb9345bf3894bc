package reflector.setup.install;

import java.util.List;
import java.util.function.Supplier;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.output.OutputFormat;
import reflector.setup.config.Settings;
import reflector.setup.docker.Docker;
import reflector.setup.files.DirectoryModes;
import reflector.setup.core.IoErrors;
import reflector.setup.files.StaleTemporaryFiles;
import reflector.setup.files.Workspace;
import reflector.setup.output.Console;
import reflector.setup.report.Diagnostics;
import reflector.setup.report.Plan;
import reflector.setup.report.Summary;
import reflector.setup.secrets.KnownSecrets;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.steps.RunReport;
import reflector.setup.steps.ServiceFailure;
import reflector.setup.steps.StepContext;
import reflector.setup.steps.StepRunner;

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

    @SuppressWarnings("try") // the lock is held for the duration of the block, never used in it
    public ExitCode run(Settings settings) throws Exception {
        RunReport report = new RunReport();
        LazyDocker docker = new LazyDocker(host.docker());
        StepContext context = null;
        try (RunLock lock = settings.dryRun() ? null : RunLock.acquire(settings.dir())) {
            // Secrets already on disk are masked from the start, also when the steps that read them are skipped.
            context = new StepContext(settings, new Workspace(settings.dir(), settings.dryRun()), console, docker,
                    host.random(), host.clock(), report, KnownSecrets.in(settings.dir()));
            StepContext current = context;
            console.log().maskWith(current::masker); // the secrets this run learns, as it learns them
            host.masking().follow(context::masker);
            prepareDirectory(settings, report);
            StepRunner.standard(host.resolver(), host.certificates()).run(context);
            printResult(settings, report, context);
            return ExitCode.OK;
        } catch (ServiceFailure failure) {
            // Compose's own output ends up in these messages: masked like the logs, and without the
            // unmasked original as a cause (--verbose prints causes).
            SecretMasker masker = maskerOf(context);
            ServiceFailure masked = new ServiceFailure(failure.service(), masker.maskAll(failure.getMessage()));
            if (docker.connected()) {
                console.block(Diagnostics.report(docker.get(), context.deployment(), failure.service(), masker));
            }
            printFailure(settings, report, masked.exitCode(), masked.getMessage());
            throw masked;
        } catch (InstallerException e) {
            printFailure(settings, report, e.exitCode(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            // Docker's own failures carry their exit code too; the message may quote output.
            printFailure(settings, report, ExitCode.of(e), maskerOf(context).maskAll(String.valueOf(e.getMessage())));
            throw e;
        } finally {
            docker.close();
        }
    }

    /**
     * Before the steps: say which deployment directories others may write to, and remove the
     * temporary files a killed run left (this run holds the lock, so they are nobody's).
     */
    private void prepareDirectory(Settings settings, RunReport report) {
        for (String warning : DirectoryModes.warnings(settings.dir())) {
            report.warning(warning);
            console.warn(warning);
        }
        List<String> stale = StaleTemporaryFiles.find(settings.dir());
        if (stale.isEmpty()) {
            return;
        }
        if (settings.dryRun()) {
            console.info("would remove " + stale.size() + " temporary file(s) a killed run left: " + String.join(", ", stale));
            return;
        }
        try {
            StaleTemporaryFiles.remove(settings.dir());
            console.info("removed " + stale.size() + " temporary file(s) a killed run left: " + String.join(", ", stale));
        } catch (java.io.IOException e) {
            throw InstallerException.environment("could not remove the temporary files a killed run left ("
                    + String.join(", ", stale) + "): " + IoErrors.describe(e));
        }
    }

    private static SecretMasker maskerOf(StepContext context) {
        return context == null ? SecretMasker.empty() : context.masker();
    }

    private void printResult(Settings settings, RunReport report, StepContext context) {
        Summary summary = new Summary(settings, report);
        if (format == OutputFormat.json) {
            host.out().print(summary.json(ExitCode.OK, null,
                    settings.dryRun() ? Plan.json(context.workspace(), report, context.masker()) : null));
        } else {
            if (settings.dryRun()) {
                host.out().print(Plan.render(context.workspace(), report, context.masker()));
            }
            host.out().print(summary.text());
        }
        host.out().flush();
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
