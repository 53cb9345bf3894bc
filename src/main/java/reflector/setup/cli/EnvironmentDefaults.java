package reflector.setup.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import reflector.setup.install.Host;

/**
 * Options whose value, when not given, comes from an environment variable: the external S3
 * settings from REFLECTOR_S3_* (the secret key is best given this way). An empty variable counts
 * as unset. The help never shows these values: no description asks for ${DEFAULT-VALUE}. The
 * values reach the options as they are, '$' included (see {@link #literal}).
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
    /** Option name to its variable. */
    static final Map<String, String> VARIABLES = variables(
            "--s3-access-key-id", "REFLECTOR_S3_ACCESS_KEY_ID",
            "--s3-secret-access-key", "REFLECTOR_S3_SECRET_ACCESS_KEY",
            "--s3-bucket", "REFLECTOR_S3_BUCKET",
            "--s3-region", "REFLECTOR_S3_REGION",
            "--s3-endpoint", "REFLECTOR_S3_ENDPOINT");

    private final Map<String, String> environment;

    /** Picocli makes it through the command factory, with the host's environment. */
    public EnvironmentDefaults(Host host) {
        this(host.env());
    }

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (argument instanceof OptionSpec option && VARIABLES.containsKey(option.longestName())) {
            String value = environment.get(VARIABLES.get(option.longestName()));
            return value == null || value.isEmpty() ? null : literal(value);
        }
        return null;
    }

    /**
     * Picocli interpolates what a default provider returns: {@code ${NAME}} becomes a system
     * property or variable, {@code $$} becomes {@code $}, and an unclosed {@code ${} throws. A
     * secret holding '$' would reach the install changed, or stop the parse. Doubling every '$'
     * is picocli's escape: it hands the value back exactly (EnvironmentDefaultsTest holds it to that).
     */
    static String literal(String value) {
        return value.replace("$", "$$");
    }

    private static Map<String, String> variables(String... optionThenVariable) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < optionThenVariable.length; i += 2) {
            variables.put(optionThenVariable[i], optionThenVariable[i + 1]);
        }
        return Collections.unmodifiableMap(variables);
    }
}
