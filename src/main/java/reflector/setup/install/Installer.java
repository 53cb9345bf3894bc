package reflector.setup.install;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.core.IoErrors;
import reflector.setup.docker.Docker;
import reflector.setup.files.DirectoryModes;
import reflector.setup.files.StaleTemporaryFiles;
import reflector.setup.files.Workspace;
import reflector.setup.output.CommandOutput;
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

/**
 * One install run: the steps in order, then the plan (dry run) and the summary; diagnostics on
 * failure. Commands that run an install as part of their work (upgrade, restore) pass no output:
 * nothing is printed on stdout, and they take the summary with {@link #summary}.
 */
public final class Installer {
    private final Host host;
    private final Console console;
    private final CommandOutput output;
    private Settings settings;
    private RunReport report;
    private StepContext context;

    /** @param output where the result goes; null when another command reports it (see {@link #summary}) */
    public Installer(Host host, Console console, CommandOutput output) {
        this.host = host;
        this.console = console;
        this.output = output;
    }

    /**
     * Runs the steps. {@code lock} is the run lock of the deployment directory, which the command
     * took and holds to its own end (see {@link RunLock}); a dry run changes nothing and needs none.
     */
    public ExitCode run(Settings settings, RunLock lock) throws Exception {
        if (!settings.run().dryRun()) {
            RunLock.requireFor(lock, settings.deployment().dir());
        }
        this.settings = settings;
        this.report = new RunReport();
        LazyDocker docker = new LazyDocker(host.docker());
        try {
            // Secrets already on disk are masked from the start, also when the steps that read them are skipped.
            context = new StepContext(
                    settings,
                    new Workspace(settings.deployment().dir(), settings.run().dryRun()),
                    console,
                    docker,
                    host.random(),
                    host.clock(),
                    report,
                    KnownSecrets.in(settings.deployment().dir()));
            StepContext current = context;
            console.log().maskWith(current::masker); // the secrets this run learns, as it learns them
            host.masking().follow(context::masker);
            prepareDirectory(settings, report);
            StepRunner.standard(host.resolver(), host.certificates(), host.env())
                    .run(context);
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
        for (String warning : DirectoryModes.warnings(settings.deployment().dir())) {
            report.warning(warning);
            console.warn(warning);
        }
        List<String> stale = StaleTemporaryFiles.find(settings.deployment().dir());
        if (stale.isEmpty()) {
            return;
        }
        if (settings.run().dryRun()) {
            console.info("would remove " + stale.size() + " temporary file(s) a killed run left: "
                    + String.join(", ", stale));
            return;
        }
        try {
            StaleTemporaryFiles.remove(settings.deployment().dir());
            console.info(
                    "removed " + stale.size() + " temporary file(s) a killed run left: " + String.join(", ", stale));
        } catch (IOException e) {
            throw InstallerException.environment("could not remove the temporary files a killed run left ("
                    + String.join(", ", stale) + "): " + IoErrors.describe(e));
        }
    }

    private static SecretMasker maskerOf(StepContext context) {
        return context == null ? SecretMasker.empty() : context.masker();
    }

    /**
     * The run as the install's JSON document (with the plan after a dry run); null before
     * {@link #run} started.
     */
    public ObjectNode summary(ExitCode exitCode, String error) {
        if (settings == null) {
            return null;
        }
        boolean planned = settings.run().dryRun() && context != null && exitCode == ExitCode.OK;
        return new Summary(settings, report)
                .node(exitCode, error, planned ? Plan.json(context.workspace(), report, context.masker()) : null);
    }

    /** What the steps did (or, in a dry run, would do); null before {@link #run} started. */
    public RunReport report() {
        return report;
    }

    /** The dry run's plan as text (what each step would change, the Docker actions and the file diffs). */
    public String planText() {
        return context == null ? "" : Plan.render(context.workspace(), report, context.masker());
    }

    /** The summary for people, as an install prints it. */
    public String summaryText() {
        return new Summary(settings, report).text();
    }

    private void printResult(Settings settings, RunReport report, StepContext context) {
        if (output == null) {
            return;
        }
        if (output.json()) {
            output.document(summary(ExitCode.OK, null));
        } else {
            if (settings.run().dryRun()) {
                output.text(planText());
            }
            output.text(summaryText());
        }
    }

    /** With --output json a failed run still prints its one document. */
    private void printFailure(Settings settings, RunReport report, ExitCode exitCode, String message) {
        if (output != null && output.json()) {
            output.document(summary(exitCode, message));
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
