package reflector.setup.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import reflector.setup.docker.EngineInfo;

/** A warning below the recommended free disk under Docker's root (the upstream hardware recommendation). */
final class DiskCheck implements PreflightCheck {
    static final long GIB = 1024L * 1024 * 1024;

    @Override
    public String name() {
        return "disk";
    }

    @Override
    public CheckResult run(PreflightContext context) {
        EngineInfo engine = context.engine();
        long recommended = 50 * GIB;
        Path root = Path.of(
                engine.dockerRootDir() == null || engine.dockerRootDir().isEmpty()
                        ? "/var/lib/docker"
                        : engine.dockerRootDir());
        try {
            Path existing = root;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return CheckResult.notChecked(name(), "cannot see " + root + " from here");
            }
            long free = Files.getFileStore(existing).getUsableSpace();
            if (free < recommended) {
                return CheckResult.warn(
                        name(),
                        (free / GIB) + " GiB free under " + root + "; 50 GiB or more is "
                                + "recommended for images, models and recordings");
            }
            return CheckResult.pass(name(), (free / GIB) + " GiB free under " + root);
        } catch (IOException | SecurityException e) {
            return CheckResult.notChecked(name(), "cannot read free space of " + root);
        }
    }
}
