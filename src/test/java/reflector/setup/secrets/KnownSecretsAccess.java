package reflector.setup.secrets;

import java.util.List;

/** Lets tests in other packages read secrets out of env-file text as the installer does. */
public final class KnownSecretsAccess {
    private KnownSecretsAccess() {}

    public static List<String> inEnvText(String text) {
        return KnownSecrets.inEnvText(text);
    }
}
