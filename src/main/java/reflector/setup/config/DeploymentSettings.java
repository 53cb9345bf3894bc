package reflector.setup.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the deployment is, as this run leaves it: its directory, components, addresses, storage,
 * sources, project, version and certificate authority. Nothing here is secret except the S3
 * credentials the storage step writes to server/.env; nothing here says what this run does.
 *
 * @param publicIp    the server's address for WEBRTC_HOST and the URLs: given or detected
 * @param llmModel    the Ollama model; empty without Ollama
 * @param source      where to build images from (a directory or a Git URL); empty: the default
 * @param project     the deployment's Compose project
 * @param version     the Reflector version deployed: image tags and build sources
 * @param acme        the ACME CA, account e-mail and CA root for --domain; none without a domain
 * @param publicRetentionDays PUBLIC_DATA_RETENTION_DAYS of a public instance: given now, or as
 *                    server/.env has it (so that it is recorded with the options); empty for the
 *                    backend's default, and always for an instance that requires login
 */
public record DeploymentSettings(
        Path dir,
        ModelMode modelMode,
        OllamaMode ollamaMode,
        Optional<String> llmModel,
        boolean garage,
        boolean caddy,
        Optional<String> domain,
        Optional<String> publicIp,
        Optional<String> publicUrl,
        S3Settings s3,
        Optional<String> source,
        ProjectName project,
        ReflectorVersion version,
        AcmeSettings acme,
        Optional<Integer> publicRetentionDays) {

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
}
