package reflector.setup.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import reflector.setup.config.ModelMode;
import reflector.setup.config.OllamaMode;
import reflector.setup.config.Settings;
import reflector.setup.docker.EngineInfo;

/** For GPU modes: Docker can hand the GPU to containers, and the driver answers. */
public final class GpuCheck {
    private GpuCheck() {
    }

    public static CheckResult gpu(Settings settings, EngineInfo engine) {
        boolean needed = settings.modelMode() == ModelMode.GPU || settings.ollamaMode() == OllamaMode.GPU;
        if (!needed) {
            return CheckResult.notChecked("gpu", "no GPU asked for");
        }
        boolean nvidiaRuntime = engine.runtimes().contains("nvidia");
        boolean cdi = engine.cdiSpecDirs().stream().anyMatch(GpuCheck::hasNvidiaCdiSpec);
        if (!nvidiaRuntime && !cdi) {
            return CheckResult.fail("gpu", "Docker has neither the nvidia runtime nor NVIDIA CDI devices; install the "
                    + "NVIDIA Container Toolkit and run `sudo nvidia-ctk runtime configure --runtime=docker`");
        }
        Optional<String> smi = runNvidiaSmi();
        if (smi.isPresent()) {
            return CheckResult.fail("gpu", smi.get());
        }
        return CheckResult.pass("gpu", "nvidia-smi works; Docker has " + (nvidiaRuntime ? "the nvidia runtime" : "NVIDIA CDI devices"));
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
        Path output = null;
        try {
            // Output goes to a file so that a hung nvidia-smi cannot block the read: the timeout holds.
            output = Files.createTempFile("reflector-setup-nvidia-smi", ".txt");
            Process process = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("nvidia-smi did not answer within 30 s");
            }
            String firstLine = Files.readString(output).lines().findFirst().orElse("exit " + process.exitValue());
            return process.exitValue() == 0 ? Optional.empty() : Optional.of("nvidia-smi failed: " + firstLine);
        } catch (IOException e) {
            return Optional.of("nvidia-smi is not installed: install the NVIDIA driver");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while running nvidia-smi");
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }
}
