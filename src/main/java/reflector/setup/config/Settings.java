package reflector.setup.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything an install run needs, validated and complete: no step prompts or reads options.
 *
 * @param publicIp    the server's address for WEBRTC_HOST and the URLs: given or detected
 * @param llmModel    the Ollama model; empty without Ollama
 * @param hfToken     a HuggingFace token given now; empty keeps what the root .env has
 * @param source      where to build images from (a directory or a Git URL); empty: the default
 * @param pull        whether the prebuilt images are pulled (not with --build)
 * @param project     the deployment's Compose project
 * @param version     the Reflector version deployed: image tags and build sources
 * @param acme        the ACME CA, account e-mail and CA root for --domain; none without a domain
 * @param publicRetentionDays PUBLIC_DATA_RETENTION_DAYS of a public instance: given now, or as
 *                    server/.env has it (so that it is recorded with the options); empty for the
 *                    backend's default, and always for an instance that requires login
 * @param moveStorage what to do with the stored objects when this run moves the storage to another
 *                    bucket (--move-storage); empty: not said, and such a run is refused
 */
public record Settings(
        Path dir,
        ModelMode modelMode,
        OllamaMode ollamaMode,
        Optional<String> llmModel,
        boolean garage,
        boolean caddy,
        Optional<String> domain,
        boolean build,
        PullPolicy pull,
        AuthRequest auth,
        Optional<String> publicIp,
        Optional<String> publicUrl,
        Optional<String> hfToken,
        S3Settings s3,
        Optional<String> source,
        boolean forceCaddyfile,
        boolean dryRun,
        Set<String> ignoredPreflightChecks,
        StepSelection steps,
        ProjectName project,
        ReflectorVersion version,
        AcmeSettings acme,
        Optional<Integer> publicRetentionDays,
        Optional<MoveStorage> moveStorage) {

    public static final String DEFAULT_LLM_MODEL = "qwen2.5:14b";

    /** The compose profiles, in a fixed order: model mode, ollama mode, garage, caddy. */
    public List<String> profiles() {
        List<String> profiles = new ArrayList<>();
        profiles.add(modelMode.service());
        ollamaMode.profile().ifPresent(profiles::add);
        if (garage) {
            profiles.add("garage");
        }
        if (caddy) {
            profiles.add("caddy");
        }
        return profiles;
    }

    /** The backend and frontend images are built here: with --build, or for a version without published images. */
    public boolean buildsApplicationImages() {
        return build || version.mustBuild();
    }

    public boolean preflightIgnored(String check) {
        return ignoredPreflightChecks.contains("all") || ignoredPreflightChecks.contains(check);
    }

    @Override
    public String toString() {
        return "Settings[dir=" + dir + ", project=" + project.name() + ", profiles=" + profiles() + ", domain=" + domain.orElse("") + ", auth=" + auth
                + ", dryRun=" + dryRun + "]";
    }
}
