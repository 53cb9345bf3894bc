package reflector.setup.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment's Compose project, named as Compose names it, so that the installer, the day-two
 * commands and a user's own `docker compose -f docker-compose.selfhosted.yml` in the directory
 * all reach the same containers and volumes. Compose's order: COMPOSE_PROJECT_NAME from the
 * environment, then from the directory's .env, then the compose file's top-level {@code name:},
 * then the directory's name, normalised.
 *
 * @param source where the name came from, for messages
 */
public record ProjectName(String name, String source) {
    public static final String VARIABLE = "COMPOSE_PROJECT_NAME";
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern TOP_LEVEL_NAME =
            Pattern.compile("(?m)^name:[ \\t]*['\"]?([^'\"\\s#]+)['\"]?[ \\t]*(#.*)?$");

    /** Compose's normalisation of a directory name: lower case, only a-z 0-9 _ -, no leading _ or -. */
    public static String normalise(String raw) {
        String kept = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        return kept.replaceFirst("^[_-]+", "");
    }

    public static String validate(String name) {
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a Compose project name (lower-case letters, digits, "
                            + "_ and -, starting with a letter or digit)");
        }
        return name;
    }

    /** The top-level {@code name:} of a compose file, when it has a plain one. */
    public static Optional<String> declaredIn(String composeFile) {
        Matcher matcher = TOP_LEVEL_NAME.matcher(composeFile);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /**
     * @param requested   --project-name, only for a deployment that has no recorded name yet
     * @param environment COMPOSE_PROJECT_NAME of the installer's environment
     * @param recorded    COMPOSE_PROJECT_NAME of the root .env
     * @param declared    the compose file's top-level name
     */
    public static ProjectName resolve(
            Path dir,
            Optional<String> requested,
            Optional<String> environment,
            Optional<String> recorded,
            Optional<String> declared) {
        if (requested.isPresent()) {
            String name = validate(requested.get());
            recorded.filter(old -> !old.equals(name)).ifPresent(old -> {
                throw new IllegalArgumentException("--project-name: this deployment is project '" + old
                        + "' (COMPOSE_PROJECT_NAME in .env); another name would start with new, empty volumes. "
                        + "Leave --project-name out");
            });
            environment.filter(other -> !other.equals(name)).ifPresent(other -> {
                throw new IllegalArgumentException("--project-name: COMPOSE_PROJECT_NAME in the environment says '"
                        + other + "'; unset it or give the same name");
            });
            return new ProjectName(name, "--project-name");
        }
        if (environment.isPresent()) {
            String name = validate(environment.get());
            recorded.filter(old -> !old.equals(name)).ifPresent(old -> {
                throw new IllegalArgumentException("COMPOSE_PROJECT_NAME in the environment ('" + name
                        + "') differs from the deployment's ('" + old + "', in .env); unset it");
            });
            return new ProjectName(name, "COMPOSE_PROJECT_NAME in the environment");
        }
        if (recorded.isPresent()) {
            return new ProjectName(validate(recorded.get()), "COMPOSE_PROJECT_NAME in .env");
        }
        if (declared.isPresent()) {
            return new ProjectName(validate(declared.get()), "the compose file's name:");
        }
        Path fileName = dir.getFileName();
        String fromDirectory = normalise(fileName == null ? "" : fileName.toString());
        if (fromDirectory.isEmpty()) {
            throw new IllegalArgumentException("the directory name '" + dir + "' gives no Compose project name; "
                    + "choose one with --project-name");
        }
        return new ProjectName(validate(fromDirectory), "the directory's name");
    }
}
