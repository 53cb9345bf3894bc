package reflector.setup.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import reflector.setup.config.OllamaMode;
import reflector.setup.config.S3Settings;
import reflector.setup.config.Settings;
import reflector.setup.config.StepSelection;
import reflector.setup.core.InstallerException;
import reflector.setup.envfile.EnvFile;
import reflector.setup.preflight.PreflightChecks;
import reflector.setup.secrets.PasswordHasher;
import reflector.setup.steps.StepRunner;
import reflector.setup.text.SafeText;
import reflector.setup.validation.Validators;

/**
 * The decisions {@link SettingsResolver} makes, on plain values: no file, terminal, environment
 * variable or network is read here, so that each is tested with the values alone. Every refusal
 * is bad input (exit 2). The rules that hold the settings together are
 * {@link Settings.Builder}'s.
 */
final class SettingsRules {
    static final int MIN_PASSWORD_LENGTH = 8;
    /** PBKDF2 hashes any length, but nobody types more; a megabyte on the command line is a mistake. */
    static final int MAX_PASSWORD_LENGTH = 1024;

    private SettingsRules() {}

    /** The steps --only and --skip leave, of which at least one that can be chosen must run. */
    static StepSelection steps(StepRunner runner, List<String> only, List<String> skip) {
        StepSelection steps;
        try {
            steps = runner.select(only, skip);
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput(e.getMessage());
        }
        if (runner.selectableNames().stream().noneMatch(steps::runs)) {
            throw InstallerException.badInput("--only/--skip: no step is left to run (--only " + String.join(",", only)
                    + ", --skip " + String.join(",", skip) + ")");
        }
        return steps;
    }

    /** The checks --ignore-preflight names: known ones, or all. */
    static Set<String> preflightIgnores(List<String> names) {
        Set<String> ignored = new LinkedHashSet<>();
        for (String name : names) {
            String trimmed = name.trim();
            if (!trimmed.equals("all") && !PreflightChecks.names().contains(trimmed)) {
                throw InstallerException.badInput("--ignore-preflight: unknown check " + SafeText.quote(trimmed)
                        + "; checks are " + String.join(", ", PreflightChecks.names()) + " or all");
            }
            ignored.add(trimmed);
        }
        return Set.copyOf(ignored);
    }

    /** The model a local Ollama pulls: the one given, else the default; none without a local Ollama. */
    static Optional<String> llmModel(OllamaMode ollamaMode, String given) {
        rule(() -> Settings.Builder.checkLlmModel(ollamaMode, given != null));
        if (!ollamaMode.enabled()) {
            return Optional.empty();
        }
        return Optional.of(
                valid("--llm-model", given != null ? given : Settings.DEFAULT_LLM_MODEL, Validators::ollamaModel));
    }

    static void checkAuthChoice(boolean passwordWanted, boolean makePublic) {
        if (passwordWanted && makePublic) {
            throw InstallerException.badInput("--password and --public contradict each other");
        }
    }

    /** One line, of a sensible length, that reads as typed: nothing hidden or undecodable in it. */
    static void checkPassword(char[] password) {
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw InstallerException.badInput(
                    "--password: the admin password must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length > MAX_PASSWORD_LENGTH) {
            throw InstallerException.badInput(
                    "--password: the admin password must be at most " + MAX_PASSWORD_LENGTH + " characters");
        }
        for (char c : password) {
            if (c == '\n' || c == '\r' || c == '\0') {
                throw InstallerException.badInput("--password: the admin password must be one line");
            }
            if (Character.isISOControl(c)
                    || c == Utf8Input.REPLACEMENT
                    || c == '\uFEFF'
                    || (c >= '\u202A' && c <= '\u202E')
                    || (c >= '\u2066' && c <= '\u2069')) {
                throw InstallerException.badInput("--password: the admin password must not contain control "
                        + "characters, direction overrides or U+FFFD (a character that could not be decoded)");
            }
        }
        if (!PasswordHasher.isUtf8(password)) {
            throw InstallerException.badInput("--password: the admin password is not valid Unicode (it has an unpaired "
                    + "surrogate, which has no UTF-8 encoding)");
        }
    }

    /**
     * As the original: the root .env's token (even an empty one, which means "skipped") wins over
     * the HF_TOKEN variable, which is only used, or asked for, when the .env has none.
     */
    static boolean rootEnvKeepsHfToken(EnvFile rootEnv) {
        return rootEnv.has("HF_TOKEN");
    }

    /** A HF_TOKEN variable that the root .env's token overrules: pointed out rather than silently dropped. */
    static boolean environmentHfTokenIgnored(EnvFile rootEnv, Optional<String> fromEnvironment) {
        return rootEnvKeepsHfToken(rootEnv)
                && fromEnvironment.isPresent()
                && !fromEnvironment.equals(rootEnv.get("HF_TOKEN"));
    }

    /** An S3 value need not be asked for when it was given, or server/.env has one. */
    static boolean s3ValueKnown(Optional<String> given, EnvFile serverEnv, String key) {
        return given.isPresent() || !serverEnv.get(key).orElse("").isEmpty();
    }

    /** Whether any S3 value was asked for (and answered): only then is the endpoint asked for too. */
    static boolean askedForS3(S3Settings given, S3Settings completed) {
        return completed.accessKeyId().isPresent() && given.accessKeyId().isEmpty()
                || completed.secretAccessKey().isPresent()
                        && given.secretAccessKey().isEmpty()
                || completed.bucket().isPresent() && given.bucket().isEmpty()
                || completed.region().isPresent() && given.region().isEmpty();
    }

    /** Every value that is missing, named in one message. */
    static InstallerException missing(List<String> missing, boolean interactive) {
        return InstallerException.badInput("missing " + String.join(", ", missing)
                + (interactive ? "" : " (no terminal to ask; give them as options or environment variables)"));
    }

    /** A rule of {@link Settings.Builder}, its refusal as bad input. */
    static void rule(Runnable rule) {
        try {
            rule.run();
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput(e.getMessage());
        }
    }

    static Optional<String> optional(String option, String value, UnaryOperator<String> validator) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(valid(option, value, validator));
    }

    static <T> T valid(String option, String value, Function<String, T> validator) {
        try {
            return validator.apply(value);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw InstallerException.badInput(message.startsWith(option) ? message : option + ": " + message);
        }
    }
}
