package reflector.setup.backup;

import java.io.OutputStream;
import java.util.List;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.Docker;
import reflector.setup.docker.ExecResult;

/**
 * A volume's files as a tar stream, through a throwaway helper container (the garage image has no
 * shell, and the volumes may be on a remote engine): the deployment's PostgreSQL image, which is
 * always there and has tar and find. Ownership and permissions are kept (the helper runs as root).
 */
public final class VolumeCopy {
    private final Docker docker;
    private final String helperImage;

    public VolumeCopy(Docker docker, String helperImage) {
        this.docker = docker;
        this.helperImage = helperImage;
    }

    /** The volume's files, read-only mounted, as a tar archive. */
    public void export(String volume, OutputStream tar) {
        check(volume, "reading", docker.runWithVolume(helperImage, volume, true,
                List.of("tar", "-C", "/volume", "-cf", "-", "."), null, tar));
    }

    public String helperImage() {
        return helperImage;
    }

    private static void check(String volume, String action, ExecResult result) {
        if (!result.succeeded()) {
            throw InstallerException.serviceFailed(action + " volume " + volume + " failed (helper container exit "
                    + result.exitCode() + "): " + result.stderr().strip());
        }
    }
}
