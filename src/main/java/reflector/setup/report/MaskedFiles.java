package reflector.setup.report;

import java.util.HashMap;
import java.util.Map;
import reflector.setup.envfile.EnvFile;
import reflector.setup.envfile.EnvFileException;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.secrets.SecretNames;

/**
 * File contents as a dry run may show them. In an env file every value under a secret name, and
 * every value that contains a known secret, is replaced whole (a multi-line value included) by
 * the mask, whoever manages the key; a masked value that the run changes is marked so, since the
 * diff could not show it otherwise. Other files have known secrets and {@code secret = value}
 * lines masked.
 */
final class MaskedFiles {
    static final String CHANGED = SecretMasker.MASK + " (new value)";

    private MaskedFiles() {}

    /** {@code before} is null for a new file. Returns {before, after} masked. */
    static String[] pair(String path, String before, String after, SecretMasker masker) {
        if (isEnvFile(path)) {
            try {
                EnvFile oldFile = before == null ? null : EnvFile.parse(before);
                EnvFile newFile = EnvFile.parse(after);
                Map<String, String> oldValues = lastValues(oldFile);
                String maskedBefore =
                        oldFile == null ? null : oldFile.render(a -> hidden(a, masker) ? SecretMasker.MASK : null);
                String maskedAfter = newFile.render(a -> !hidden(a, masker)
                        ? null
                        : oldFile != null && !a.value().equals(oldValues.get(a.key())) ? CHANGED : SecretMasker.MASK);
                return new String[] {masker.maskAll(maskedBefore), masker.maskAll(maskedAfter)};
            } catch (EnvFileException unreadable) {
                // Not expected (the run checked them first); the line-wise masking below still applies.
            }
        }
        return new String[] {masker.maskAll(before), masker.maskAll(after)};
    }

    private static boolean hidden(EnvFile.Assignment assignment, SecretMasker masker) {
        String value = assignment.value();
        // A password in a URL alone is masked where it stands (maskAll), so the rest stays readable.
        return !value.isEmpty() && (SecretNames.isSecret(assignment.key()) || masker.containsSecret(value));
    }

    private static Map<String, String> lastValues(EnvFile file) {
        Map<String, String> values = new HashMap<>();
        if (file != null) {
            file.assignments().forEach(a -> values.put(a.key(), a.value()));
        }
        return values;
    }

    private static boolean isEnvFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.equals(".env") || name.startsWith(".env.");
    }
}
