package reflector.setup.backup;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
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
        check(
                volume,
                "reading",
                docker.runWithVolume(
                        helperImage, volume, true, List.of("tar", "-C", "/volume", "-cf", "-", "."), null, tar));
    }

    /**
     * The volume's files as a tar archive while its services run, and when the copy began on the
     * engine's clock (epoch seconds), for {@link #exportChangedSince}. GNU tar's "file changed as
     * we read it" (exit 1) is expected here: the final pass copies such a file again.
     */
    public long exportWhileRunning(String volume, OutputStream tar) {
        ExecResult result = docker.runWithVolume(
                helperImage, volume, true, List.of("sh", "-c", "date +%s >&2; exec tar -C /volume -cf - ."), null, tar);
        String[] lines = result.stderr().strip().split("\\R");
        boolean onlyChanged = result.exitCode() == 1
                && Arrays.stream(lines).skip(1).allMatch(line -> line.contains("file changed as we read it"));
        if (!onlyChanged) {
            check(volume, "reading", result);
        }
        if (lines.length == 0 || !lines[0].strip().matches("\\d{1,12}")) {
            throw InstallerException.serviceFailed(
                    "reading volume " + volume + ": the helper did not say when it began");
        }
        return Long.parseLong(lines[0].strip());
    }

    /**
     * The files (not directories) modified since {@code epochSeconds} on the engine's clock, as tar
     * streams one after another ({@code find -exec tar {} +} runs tar once per batch of names;
     * {@code ConcatenatedTar} joins them). Busybox's tar, which the Alpine images have, cannot read
     * names from a list.
     */
    public void exportChangedSince(String volume, long epochSeconds, OutputStream tars) {
        check(
                volume,
                "reading the changes of",
                docker.runWithVolume(
                        helperImage,
                        volume,
                        true,
                        List.of(
                                "sh",
                                "-c",
                                "touch -d @" + epochSeconds + " /tmp/copy-began && cd /volume && "
                                        + "find . -mindepth 1 -newer /tmp/copy-began ! -type d -exec tar -cf - {} +"),
                        null,
                        tars));
    }

    /** What the volume's files take on disk, for the progress estimate; empty when the helper cannot tell. */
    public OptionalLong bytesUsed(String volume) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult result = docker.runWithVolume(helperImage, volume, true, List.of("du", "-sk", "/volume"), null, out);
        String[] fields = out.toString(StandardCharsets.US_ASCII).strip().split("\\s+");
        if (!result.succeeded() || fields.length == 0 || !fields[0].matches("\\d{1,15}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(fields[0]) * 1024);
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
