package reflector.setup.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into the jar. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/reflector/setup/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {"reflector-setup " + properties.getProperty("version", "unknown")};
    }
}
