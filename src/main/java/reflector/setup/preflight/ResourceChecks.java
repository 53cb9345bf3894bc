package reflector.setup.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import reflector.setup.config.ModelMode;
import reflector.setup.config.Settings;
import reflector.setup.docker.EngineInfo;

/** Warnings below the recommended disk and memory (the upstream hardware recommendations). */
public final class ResourceChecks {
    static final long GIB = 1024L * 1024 * 1024;

    private ResourceChecks() {
    }

    public static CheckResult disk(Settings settings, EngineInfo engine) {
        long recommended = 50 * GIB;
        Path root = Path.of(engine.dockerRootDir() == null || engine.dockerRootDir().isEmpty() ? "/var/lib/docker" : engine.dockerRootDir());
        try {
            Path existing = root;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return CheckResult.notChecked("disk", "cannot see " + root + " from here");
            }
            long free = Files.getFileStore(existing).getUsableSpace();
            if (free < recommended) {
                return CheckResult.warn("disk", (free / GIB) + " GiB free under " + root + "; 50 GiB or more is "
                        + "recommended for images, models and recordings");
            }
            return CheckResult.pass("disk", (free / GIB) + " GiB free under " + root);
        } catch (IOException | SecurityException e) {
            return CheckResult.notChecked("disk", "cannot read free space of " + root);
        }
    }

    public static CheckResult memory(Settings settings, EngineInfo engine) {
        long recommended = (settings.modelMode() == ModelMode.GPU ? 16 : 32) * GIB;
        long memory = engine.memoryBytes();
        if (memory <= 0) {
            return CheckResult.notChecked("memory", "the engine did not report its memory");
        }
        if (memory < recommended) {
            return CheckResult.warn("memory", (memory / GIB) + " GiB of memory; " + (recommended / GIB) + " GiB or more is "
                    + "recommended for " + settings.modelMode().service() + " mode");
        }
        return CheckResult.pass("memory", (memory / GIB) + " GiB");
    }
}
