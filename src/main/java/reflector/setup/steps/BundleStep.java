package reflector.setup.steps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.files.FileKind;
import reflector.setup.text.Sha256;
import reflector.setup.text.UnifiedDiff;

/**
 * Brings the bundled compose file and templates into the deployment directory. A missing file is
 * written; one still as an installer wrote it (its checksum marker intact, or byte for byte a
 * file an earlier installer version wrote) is updated to this installer's version; one the user
 * edited is theirs: it is kept, and the difference is shown.
 *
 * <p>In a Reflector checkout whose compose file is upstream's own at a release the installer knows,
 * the installer's compose file goes beside it ({@link DeploymentFiles#CHECKOUT_COMPOSE_FILE}), and
 * upstream's env templates are used as they are: the checkout's tracked files stay untouched.
 */
public final class BundleStep implements Step {
    private static final String HISTORY = "/reflector/setup/bundle-history.txt";
    private static final Set<String> ENV_TEMPLATES =
            Set.of(DeploymentFiles.SERVER_ENV_TEMPLATE, DeploymentFiles.WWW_ENV_TEMPLATE);

    @Override
    public String name() {
        return "bundle";
    }

    @Override
    public String description() {
        return "deployment bundle (compose file and templates)";
    }

    @Override
    public boolean selectable() {
        return false;
    }

    @Override
    public void run(StepContext context) {
        Set<String> earlierVersions = earlierVersions();
        String composeFile = DeploymentFiles.composeFile(context.workspace().dir());
        boolean upstreamCheckout = composeFile.equals(DeploymentFiles.CHECKOUT_COMPOSE_FILE);
        if (upstreamCheckout) {
            context.note(
                    DeploymentFiles.COMPOSE_FILE + " is upstream's own, tracked by the checkout, and stays as it is; "
                            + "the deployment runs " + composeFile + " (the root .env names it for docker compose)");
        }
        for (String bundled : DeploymentFiles.BUNDLE) {
            String file = bundled.equals(DeploymentFiles.COMPOSE_FILE) ? composeFile : bundled;
            String desired = GeneratedFileMarker.BUNDLE.sign(Bundle.read(bundled));
            Optional<String> existing = context.workspace().read(file);
            if (upstreamCheckout && existing.isPresent() && ENV_TEMPLATES.contains(file)) {
                continue;
            }
            if (existing.isEmpty()) {
                context.workspace().stage(file, desired, FileKind.PLAIN);
                context.changed(Change.file("create", file, "create " + file + " (from the bundle)"));
            } else if (existing.get().equals(desired)) {
                continue;
            } else if (GeneratedFileMarker.BUNDLE.isIntact(existing.get())
                    || earlierVersions.contains(file + " " + Sha256.hex(existing.get()))) {
                context.workspace().stage(file, desired, FileKind.PLAIN);
                context.changed(Change.file(
                        "update", file, "update " + file + " to this installer's version (it was unedited)"));
            } else {
                keepEdited(context, file, existing.get(), desired);
            }
        }
    }

    private static void keepEdited(StepContext context, String file, String existing, String desired) {
        String diff = UnifiedDiff.diff(file + " (yours)", file + " (reflector-setup)", existing, desired, 3);
        long lines = diff.lines()
                .filter(line -> (line.startsWith("+") || line.startsWith("-"))
                        && !line.startsWith("+++")
                        && !line.startsWith("---"))
                .count();
        context.note(file + " is yours (edited, or not written by reflector-setup) and is kept; the installer's "
                + "version differs in " + lines + " lines" + (context.dryRun() ? ":" : " (shown with -v)"));
        if (context.dryRun()) {
            context.console().block(diff);
        } else {
            diff.lines().forEach(context.console()::detail);
        }
    }

    /** "path sha256" of every bundle file an earlier installer wrote without a marker. */
    private static Set<String> earlierVersions() {
        try (InputStream in = BundleStep.class.getResourceAsStream(HISTORY)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + HISTORY);
            }
            Set<String> versions = new HashSet<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .forEach(line -> versions.add(line.strip()));
            return versions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
