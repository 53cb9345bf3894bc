package reflector.setup.config;

import java.util.Optional;

/**
 * External S3 values given by option, environment or prompt. Each is empty when not given, in
 * which case the value already in server/.env is kept.
 */
public record S3Settings(
        Optional<String> accessKeyId,
        Optional<String> secretAccessKey,
        Optional<String> bucket,
        Optional<String> region,
        Optional<String> endpoint) {

    public static S3Settings none() {
        return new S3Settings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "S3Settings[accessKeyId=" + accessKeyId.isPresent() + ", secretAccessKey=" + secretAccessKey.isPresent()
                + ", bucket=" + bucket.orElse("") + ", region=" + region.orElse("") + ", endpoint="
                + endpoint.orElse("") + "]";
    }
}
