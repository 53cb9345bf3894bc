package reflector.setup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reflector.setup.support.SettingsBuilder;

class InstallArgumentsTest {

    @Test
    void theChoicesOfAnInstallAreItsOptionsWithoutSecrets() {
        Settings settings = SettingsBuilder.cpu(Path.of("/srv/reflector")).ollama(OllamaMode.CPU, "qwen2.5:0.5b").garage()
                .domain("meet.example.com").pull(PullPolicy.missing).ignorePreflight(Set.of("memory", "disk")).build();
        assertEquals(List.of("--cpu", "--ollama-cpu", "--llm-model", "qwen2.5:0.5b", "--garage", "--domain", "meet.example.com",
                "--pull", "missing", "--public-ip", "192.0.2.10", "--ignore-preflight", "disk,memory"),
                InstallArguments.of(settings));
    }

    @Test
    void theRecordedLineParsesBackToTheSameOptions() {
        Settings settings = SettingsBuilder.cpu(Path.of("/srv/reflector")).modelMode(ModelMode.GPU).caddy().build(true).build();
        String recorded = InstallArguments.recorded(settings);
        assertEquals("--gpu --caddy --build --public-ip 192.0.2.10", recorded);
        assertEquals(InstallArguments.of(settings), InstallArguments.parse(recorded));
    }

    @Test
    void aPublicInstancesRetentionIsAnOption() {
        Settings settings = SettingsBuilder.cpu(Path.of("/srv/reflector")).publicRetentionDays(30).build();
        assertEquals("--cpu --public-retention-days 30 --public-ip 192.0.2.10", InstallArguments.recorded(settings));
    }

    @Test
    void aLineWithoutOptionsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> InstallArguments.parse(""));
        assertThrows(IllegalArgumentException.class, () -> InstallArguments.parse("rm -rf /"));
    }
}
