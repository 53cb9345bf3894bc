package reflector.setup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import reflector.setup.config.AcmeSettings;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.core.InstallerException;
import reflector.setup.envfile.EnvFile;
import reflector.setup.tls.PemCertificates;
import reflector.setup.validation.AcmeValidators;

/**
 * The ACME options: validated like every other input (exit 2, nothing written), only with
 * --domain, and merged with what the root .env recorded, so that a re-run without them keeps
 * them. A recorded value is checked again: the .env is a file people edit.
 */
final class AcmeResolver {
    /** A root file larger than this is not a root certificate. */
    static final long MAX_ROOT_BYTES = 1 << 20;

    private final InstallOptions options;
    private final Instant now;

    AcmeResolver(InstallOptions options, Instant now) {
        this.options = options;
        this.now = now;
    }

    AcmeSettings resolve(Optional<String> domain, Path dir, EnvFile rootEnv) {
        List<String> given = given();
        if (domain.isEmpty()) {
            if (!given.isEmpty()) {
                throw InstallerException.badInput(String.join(", ", given) + ": only with --domain (Caddy asks a CA "
                        + "for a certificate only for a domain; an address gets Caddy's internal CA)");
            }
            return AcmeSettings.none();
        }
        if (options.acmeCa != null && options.staging) {
            throw InstallerException.badInput(
                    "--acme-ca and --staging: give one of them (--staging is Let's Encrypt's staging CA)");
        }
        boolean backToDefault = options.acmeCa != null && options.acmeCa.strip().equals(AcmeSettings.DEFAULT_CA);
        Optional<String> ca;
        if (backToDefault) {
            ca = Optional.empty();
        } else if (options.staging) {
            ca = Optional.of(AcmeSettings.STAGING);
        } else if (options.acmeCa != null) {
            ca = Optional.of(check("--acme-ca", options.acmeCa, AcmeValidators::acmeDirectoryUrl));
        } else {
            ca = recorded(rootEnv, AcmeSettings.CA_VARIABLE, AcmeValidators::acmeDirectoryUrl);
        }
        Optional<String> email = options.acmeEmail != null
                ? Optional.of(check("--acme-email", options.acmeEmail, AcmeValidators::email))
                : recorded(rootEnv, AcmeSettings.EMAIL_VARIABLE, AcmeValidators::email);
        Optional<String> root;
        if (options.acmeCaRoot != null) {
            root = Optional.of(readRoot("--acme-ca-root", options.acmeCaRoot));
        } else if (backToDefault
                || rootEnv.get(AcmeSettings.CA_ROOT_VARIABLE).orElse("").isEmpty()) {
            // The root belongs to the CA: going back to the default CA drops it.
            root = Optional.empty();
        } else {
            Path copy = dir.resolve(DeploymentFiles.ACME_CA_ROOT);
            if (!Files.isRegularFile(copy)) {
                throw InstallerException.badInput(".env records " + AcmeSettings.CA_ROOT_VARIABLE + " but " + copy
                        + " is missing; give --acme-ca-root again");
            }
            root = Optional.of(readRoot(DeploymentFiles.ACME_CA_ROOT, copy));
        }
        return new AcmeSettings(ca, email, root);
    }

    private List<String> given() {
        List<String> given = new ArrayList<>();
        if (options.acmeCa != null) {
            given.add("--acme-ca");
        }
        if (options.staging) {
            given.add("--staging");
        }
        if (options.acmeCaRoot != null) {
            given.add("--acme-ca-root");
        }
        if (options.acmeEmail != null) {
            given.add("--acme-email");
        }
        return given;
    }

    private static Optional<String> recorded(EnvFile rootEnv, String key, UnaryOperator<String> validator) {
        Optional<String> value = rootEnv.get(key).filter(v -> !v.isEmpty());
        return value.map(v -> check(".env " + key, v, validator));
    }

    /** The certificates of a PEM file, re-encoded: only they are copied into the deployment. */
    private String readRoot(String label, Path file) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw InstallerException.badInput(label + ": " + file + " is not a file");
            }
            if (Files.size(file) > MAX_ROOT_BYTES) {
                throw InstallerException.badInput(
                        label + ": " + file + " is larger than 1 MiB; give the CA's root certificate (PEM)");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw InstallerException.badInput(
                    label + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        List<X509Certificate> certificates;
        try {
            certificates = PemCertificates.parse(new String(bytes, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput(label + ": " + file + " " + e.getMessage());
        }
        for (X509Certificate certificate : certificates) {
            if (certificate.getNotAfter().toInstant().isBefore(now)) {
                throw InstallerException.badInput(label + ": the certificate "
                        + certificate.getSubjectX500Principal().getName() + " in " + file + " expired on "
                        + certificate.getNotAfter().toInstant());
            }
        }
        return PemCertificates.encode(certificates);
    }

    private static String check(String option, String value, UnaryOperator<String> validator) {
        try {
            return validator.apply(value);
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput(option + ": " + e.getMessage());
        }
    }
}
