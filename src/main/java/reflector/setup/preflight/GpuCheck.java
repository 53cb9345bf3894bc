package reflector.setup.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.config.ModelMode;
import reflector.setup.config.OllamaMode;
import reflector.setup.docker.EngineInfo;
import reflector.setup.process.ProcessRunner;

/** For GPU modes: Docker can hand the GPU to containers, and the driver answers. */
final class GpuCheck implements PreflightCheck {
    @Override
    public String name() {
        return "gpu";
    }

    @Override
    public boolean applies(DeploymentSettings deployment) {
        return deployment.modelMode() == ModelMode.GPU || deployment.ollamaMode() == OllamaMode.GPU;
    }

    @Override
    public String notApplicable() {
        return "no GPU asked for";
    }

    @Override
    public CheckResult run(PreflightContext context) {
        EngineInfo engine = context.engine();
        boolean nvidiaRuntime = engine.runtimes().contains("nvidia");
        boolean cdi = engine.cdiSpecDirs().stream().anyMatch(GpuCheck::hasNvidiaCdiSpec);
        if (!nvidiaRuntime && !cdi) {
            return CheckResult.fail(
                    name(),
                    "Docker has neither the nvidia runtime nor NVIDIA CDI devices; install the "
                            + "NVIDIA Container Toolkit and run `sudo nvidia-ctk runtime configure --runtime=docker`");
        }
        Optional<String> smi = runNvidiaSmi();
        if (smi.isPresent()) {
            return CheckResult.fail(name(), smi.get());
        }
        return CheckResult.pass(
                name(),
                "nvidia-smi works; Docker has " + (nvidiaRuntime ? "the nvidia runtime" : "NVIDIA CDI devices"));
    }

    private static boolean hasNvidiaCdiSpec(String dir) {
        try (var files = Files.list(Path.of(dir))) {
            return files.anyMatch(f -> f.getFileName().toString().contains("nvidia"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Empty when nvidia-smi ran fine, else what went wrong. */
    private static Optional<String> runNvidiaSmi() {
        try {
            ProcessRunner.Result result = ProcessRunner.command(List.of("nvidia-smi", "-L"))
                    .timeout(Duration.ofSeconds(30))
                    .killGrace(Duration.ZERO)
                    .run();
            if (result.timedOut()) {
                return Optional.of("nvidia-smi did not answer within 30 s");
            }
            String firstLine = result.output().lines().findFirst().orElse("exit " + result.exitCode());
            return result.exitCode() == 0 ? Optional.empty() : Optional.of("nvidia-smi failed: " + firstLine);
        } catch (IOException e) {
            return Optional.of("nvidia-smi is not installed: install the NVIDIA driver");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while running nvidia-smi");
        }
    }
}
