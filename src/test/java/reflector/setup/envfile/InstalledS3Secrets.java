package reflector.setup.envfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reflector.setup.support.CliRun;

/**
 * External S3 secret keys as people choose them (MinIO lets them), written by the installer
 * itself, so that the real readers can vouch for what it wrote: each secret is given once as
 * --s3-secret-access-key and once as REFLECTOR_S3_SECRET_ACCESS_KEY, into a directory of its own.
 */
final class InstalledS3Secrets {
    static final String KEY = "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY";

    /** Accepted: each reaches the backend exactly, however both readers treat '$', '#' and quotes. */
    static final List<String> SECRETS = List.of(
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "pa$$word",
            "a$b$HOME",
            "$HOME/x",
            "${HOME",
            "x$}{y",
            "{braces}",
            "secret #not-a-comment",
            "#starts-with-hash",
            "bang!per%cent&and|pipe",
            "with inner spaces",
            "it's mine",
            "say \"hi\"",
            "back\\slash",
            "p@ss w0rd!#$%^&*()_+-=[]{}|;:,.<>?/~");

    private InstalledS3Secrets() {}

    /** Installs each secret both ways (config steps only) and returns the server/.env files by secret. */
    static Map<Path, String> install(Path tmp) throws Exception {
        Map<Path, String> written = new LinkedHashMap<>();
        int i = 0;
        for (String secret : SECRETS) {
            for (boolean fromEnvironment : List.of(false, true)) {
                Path dir = Files.createDirectories(tmp.resolve("s3-secret-" + i++));
                CliRun run = new CliRun();
                List<String> args = new ArrayList<>(List.of(
                        "--cpu",
                        "--dir",
                        dir.toString(),
                        "--non-interactive",
                        "--only",
                        "secrets,server-env,storage",
                        "--s3-access-key-id",
                        "minio-user",
                        "--s3-bucket",
                        "meetings",
                        "--s3-region",
                        "us-east-1",
                        "--s3-endpoint",
                        "https://minio.example.com"));
                if (fromEnvironment) {
                    run.env("REFLECTOR_S3_SECRET_ACCESS_KEY", secret);
                } else {
                    args.addAll(List.of("--s3-secret-access-key", secret));
                }
                CliRun.Result result = run.run(args.toArray(String[]::new));
                assertEquals(
                        0,
                        result.exitCode(),
                        () -> secret + (fromEnvironment ? " (environment)" : " (option)") + ": " + result);
                // The masker hides a short secret only where it stands alone; these are all long enough to be masked
                // anywhere.
                assertFalse((result.out() + result.err()).contains(secret), () -> "the secret was printed: " + result);
                written.put(dir.resolve("server/.env"), secret);
            }
        }
        return written;
    }
}
