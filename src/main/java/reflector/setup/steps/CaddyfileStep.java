package reflector.setup.steps;

import static reflector.setup.config.DeploymentFiles.CADDYFILE;
import static reflector.setup.config.DeploymentFiles.CADDYFILE_TEMPLATE;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import reflector.setup.config.AcmeSettings;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.config.Settings;
import reflector.setup.core.InstallerException;
import reflector.setup.envfile.EnvFile;
import reflector.setup.files.FileKind;
import reflector.setup.text.UnifiedDiff;

/**
 * The Caddyfile for the caddy profile: a named site with automatic HTTPS for --domain, otherwise
 * Caddy's internal CA. Rewritten on re-runs only while it is still the one this tool generated
 * (its first line carries a checksum of the rest); a hand-edited Caddyfile is kept and the
 * difference shown, or replaced under --force-caddyfile with a timestamped backup.
 *
 * <p>With a domain, the ACME choices (--acme-ca, --acme-email, --acme-ca-root) become the
 * Caddyfile's global options and are recorded in the root .env; the CA root is copied into
 * data/caddy-trust/, which the compose file mounts read-only into Caddy.
 */
public final class CaddyfileStep implements Step {
    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

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
        return settings.deployment().caddy() ? Optional.empty() : Optional.of("no --caddy or --domain");
    }

    @Override
    public void run(StepContext context) {
        if (context.workspace().removeStrayDirectory(CADDYFILE)) {
            context.changed(Change.file(
                    "remove-directory",
                    CADDYFILE,
                    "remove the empty directory " + CADDYFILE + " (left by a Docker bind mount)"));
        }
        String template = context.template(CADDYFILE_TEMPLATE)
                .orElseThrow(() -> new IllegalStateException(CADDYFILE_TEMPLATE + " is missing"));
        String desired = GeneratedFileMarker.CADDYFILE.sign(render(template, context.deploymentSettings()));
        Optional<String> existing = context.workspace().read(CADDYFILE);
        if (existing.isPresent()
                && !existing.get().equals(desired)
                && (GeneratedFileMarker.CADDYFILE.isIntact(existing.get())
                        || context.runSettings().forceCaddyfile())) {
            context.report().caddyConfigChanged();
        } else if (existing.isEmpty()) {
            context.report().caddyConfigChanged();
        }
        trustFiles(context);
        recordChoices(context);

        if (existing.isEmpty()) {
            context.workspace().stage(CADDYFILE, desired, FileKind.PLAIN);
            context.changed(Change.file(
                    "create",
                    CADDYFILE,
                    "create " + CADDYFILE + " (" + siteDescription(context.deploymentSettings()) + ")"));
        } else if (GeneratedFileMarker.CADDYFILE.isIntact(existing.get())) {
            if (!existing.get().equals(desired)) {
                context.workspace().stage(CADDYFILE, desired, FileKind.PLAIN);
                context.changed(Change.file(
                        "update",
                        CADDYFILE,
                        "update " + CADDYFILE + " (" + siteDescription(context.deploymentSettings()) + ")"));
            }
        } else if (context.runSettings().forceCaddyfile()) {
            String backup =
                    CADDYFILE + ".backup-" + BACKUP_STAMP.format(context.clock().instant());
            context.workspace().stage(backup, existing.get(), FileKind.PLAIN);
            context.workspace().stage(CADDYFILE, desired, FileKind.PLAIN);
            context.changed(Change.file(
                    "replace",
                    CADDYFILE,
                    "replace the hand-edited " + CADDYFILE + " (--force-caddyfile); the old one is saved as "
                            + backup));
        } else {
            context.report().caddyfileYours();
            String diff = UnifiedDiff.diff(
                    CADDYFILE + " (yours)", CADDYFILE + " (reflector-setup)", existing.get(), desired, 3);
            context.warn(CADDYFILE + " was edited by hand and is kept; re-run with --force-caddyfile to replace it "
                    + "(a backup is kept)");
            if (!diff.isEmpty()) {
                context.console().block(context.masker().maskAll(diff));
            }
        }
    }

    /** The directory Caddy mounts is made here, not by Docker as root; the CA root is copied into it. */
    private static void trustFiles(StepContext context) {
        if (context.workspace().ensureDirectory(DeploymentFiles.CADDY_TRUST_DIR)) {
            context.changed(
                    "create the directory " + DeploymentFiles.CADDY_TRUST_DIR + " (mounted read-only into Caddy)");
        }
        Optional<String> root = context.deploymentSettings().acme().caRootPem();
        if (root.isPresent()) {
            Optional<String> copied = context.workspace().read(DeploymentFiles.ACME_CA_ROOT);
            if (!copied.equals(root)) {
                context.workspace().stage(DeploymentFiles.ACME_CA_ROOT, root.get(), FileKind.PLAIN);
                context.changed((copied.isEmpty() ? "copy" : "replace") + " the ACME CA root into "
                        + DeploymentFiles.ACME_CA_ROOT);
                context.report().caddyConfigChanged();
            }
        }
    }

    /**
     * The root .env keeps the domain (for `status`) and the ACME choices (so that a re-run without
     * the options keeps them). A value is written when there is one and emptied when it was
     * dropped; without a domain only the domain is emptied, so that the ACME choices are there
     * again when the domain comes back.
     */
    private static void recordChoices(StepContext context) {
        DeploymentSettings settings = context.deploymentSettings();
        Map<String, Optional<String>> values = new LinkedHashMap<>();
        values.put(AcmeSettings.DOMAIN_VARIABLE, settings.domain());
        if (settings.domain().isPresent()) {
            AcmeSettings acme = settings.acme();
            values.put(AcmeSettings.CA_VARIABLE, acme.ca());
            values.put(AcmeSettings.EMAIL_VARIABLE, acme.email());
            values.put(AcmeSettings.CA_ROOT_VARIABLE, acme.caRootPem().map(pem -> DeploymentFiles.ACME_CA_ROOT));
        }
        EnvFile recorded =
                EnvFile.parse(context.workspace().read(DeploymentFiles.ROOT_ENV).orElse(""));
        EnvEditor root = null;
        for (Map.Entry<String, Optional<String>> entry : values.entrySet()) {
            boolean hadValue = !recorded.get(entry.getKey()).orElse("").isEmpty();
            if (entry.getValue().isPresent() || hadValue) {
                if (root == null) {
                    root = context.env(DeploymentFiles.ROOT_ENV, null);
                }
                root.set(entry.getKey(), entry.getValue().orElse(""));
            }
        }
    }

    static String render(String template, DeploymentSettings settings) {
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
        String body = tls == null
                ? withSite.replaceAll("(?m)^[ \\t]*@TLS_DIRECTIVE@[ \\t]*\\R", "")
                : withSite.replace("@TLS_DIRECTIVE@", tls);
        return settings.domain().isPresent() ? globalOptions(settings.acme(), body) + body : body;
    }

    /**
     * Caddy's global options block, which must come first in a Caddyfile. The values were
     * validated (no whitespace, braces, quotes or '#'), so each is one plain token.
     */
    static String globalOptions(AcmeSettings acme, String body) {
        if (acme.isEmpty()) {
            return "";
        }
        if (startsWithGlobalOptions(body)) {
            throw InstallerException.environment(CADDYFILE_TEMPLATE + " has a global options block of its own; add "
                    + "the ACME options to it by hand, or restore the bundled template");
        }
        StringBuilder block = new StringBuilder("{\n");
        acme.email().ifPresent(email -> block.append("\temail ").append(email).append('\n'));
        acme.ca().ifPresent(ca -> block.append("\tacme_ca ").append(ca).append('\n'));
        if (acme.caRootPem().isPresent()) {
            block.append("\tacme_ca_root ")
                    .append(AcmeSettings.containerCaRoot())
                    .append('\n');
        }
        return block.append("}\n\n").toString();
    }

    private static boolean startsWithGlobalOptions(String caddyfile) {
        return caddyfile
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .findFirst()
                .map(line -> line.startsWith("{"))
                .orElse(false);
    }

    private static String siteDescription(DeploymentSettings settings) {
        if (settings.domain().isPresent()) {
            return settings.domain().get() + ", certificate from "
                    + settings.acme().caDescription();
        }
        if (settings.publicIp().isPresent()) {
            return "any address on :443, internal CA";
        }
        return "localhost, internal CA";
    }
}
