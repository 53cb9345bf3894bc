package reflector.setup.docker;

import java.util.List;
import java.util.Set;

/**
 * What `docker info` and `docker version` say that the preflight checks need.
 *
 * @param cdiSpecDirs where the engine looks for CDI device specs (GPU access without the nvidia runtime)
 */
public record EngineInfo(
        String version,
        String apiVersion,
        String dockerRootDir,
        long memoryBytes,
        Set<String> runtimes,
        List<String> cdiSpecDirs) {}
