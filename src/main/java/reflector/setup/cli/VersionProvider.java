package reflector.setup.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.config.Releases;

/** -V: the installer's version (written into the jar by Maven), the Reflector version a new install deploys, and the Java runtime. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "reflector-setup " + installerVersion(),
            "Reflector " + ReflectorVersion.defaultVersion().label() + " (what a new install deploys; releases: "
                    + Releases.deployableTags() + ")",
            "Java " + System.getProperty("java.runtime.version", System.getProperty("java.version")) + " ("
                    + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")",
        };
    }

    public static String installerVersion() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/reflector/setup/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
