package reflector.setup.steps;

import static reflector.setup.config.DeploymentFiles.CADDYFILE;
import static reflector.setup.config.DeploymentFiles.CADDYFILE_TEMPLATE;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import reflector.setup.config.Settings;
import reflector.setup.files.FileKind;
import reflector.setup.text.UnifiedDiff;

/**
 * The Caddyfile for the caddy profile: a named site with automatic HTTPS for --domain, otherwise
 * Caddy's internal CA. Rewritten on re-runs only while it is still the one this tool generated
 * (its first line carries a checksum of the rest); a hand-edited Caddyfile is kept and the
 * difference shown, or replaced under --force-caddyfile with a timestamped backup.
 */
public final class CaddyfileStep implements Step {
    /** Report fact: "yours" when a hand-edited Caddyfile was kept, so the summary claims no site or certificate. */
    public static final String CADDYFILE_FACT = "caddyfile";
    private static final DateTimeFormatter BACKUP_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "caddyfile";
    }

    @Override
    public String description() {
        return "Caddyfile for the reverse proxy";
    }

    @Override
    public Optional<String> notApplicable(Settings settings) {
        return settings.caddy() ? Optional.empty() : Optional.of("no --caddy or --domain");
    }

    @Override
    public void run(StepContext context) {
        if (context.workspace().removeStrayDirectory(CADDYFILE)) {
            context.changed(Change.file("remove-directory", CADDYFILE, "remove the empty directory " + CADDYFILE
                    + " (left by a Docker bind mount)"));
        }
        String template = context.template(CADDYFILE_TEMPLATE)
                .orElseThrow(() -> new IllegalStateException(CADDYFILE_TEMPLATE + " is missing"));
        String desired = GeneratedFileMarker.CADDYFILE.sign(render(template, context.settings()));
        Optional<String> existing = context.workspace().read(CADDYFILE);

        if (existing.isEmpty()) {
            context.workspace().stage(CADDYFILE, desired, FileKind.PLAIN);
            context.changed(Change.file("create", CADDYFILE, "create " + CADDYFILE + " (" + siteDescription(context.settings()) + ")"));
        } else if (GeneratedFileMarker.CADDYFILE.isIntact(existing.get())) {
            if (!existing.get().equals(desired)) {
                context.workspace().stage(CADDYFILE, desired, FileKind.PLAIN);
                context.changed(Change.file("update", CADDYFILE, "update " + CADDYFILE + " (" + siteDescription(context.settings()) + ")"));
            }
        } else if (context.settings().forceCaddyfile()) {
            String backup = CADDYFILE + ".backup-" + BACKUP_STAMP.format(context.clock().instant());
            context.workspace().stage(backup, existing.get(), FileKind.PLAIN);
            context.workspace().stage(CADDYFILE, desired, FileKind.PLAIN);
            context.changed(Change.file("replace", CADDYFILE, "replace the hand-edited " + CADDYFILE
                    + " (--force-caddyfile); the old one is saved as " + backup));
        } else {
            context.report().fact(CADDYFILE_FACT, "yours");
            String diff = UnifiedDiff.diff(CADDYFILE + " (yours)", CADDYFILE + " (reflector-setup)",
                    existing.get(), desired, 3);
            context.warn(CADDYFILE + " was edited by hand and is kept; re-run with --force-caddyfile to replace it "
                    + "(a backup is kept)");
            if (!diff.isEmpty()) {
                context.console().block(context.masker().maskAll(diff));
            }
        }
    }

    static String render(String template, Settings settings) {
        String site;
        String tls;
        if (settings.domain().isPresent()) {
            site = settings.domain().get();
            tls = null;
        } else if (settings.publicIp().isPresent()) {
            // A client that connects by IP address sends no SNI; without on_demand Caddy has no
            // certificate to offer it and every handshake fails.
            site = ":443";
            tls = "\ttls internal {\n\t\ton_demand\n\t}";
        } else {
            site = "localhost";
            tls = "\ttls internal";
        }
        String withSite = template.replace("@SITE_ADDRESS@", site);
        return tls == null
                ? withSite.replaceAll("(?m)^[ \\t]*@TLS_DIRECTIVE@[ \\t]*\\R", "")
                : withSite.replace("@TLS_DIRECTIVE@", tls);
    }

    private static String siteDescription(Settings settings) {
        if (settings.domain().isPresent()) {
            return settings.domain().get() + ", Let's Encrypt certificate";
        }
        if (settings.publicIp().isPresent()) {
            return "any address on :443, internal CA";
        }
        return "localhost, internal CA";
    }
}
