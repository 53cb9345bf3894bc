package reflector.setup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import reflector.setup.support.SettingsBuilder;

class InstallArgumentsTest {

    @Test
    void theChoicesOfAnInstallAreItsOptionsWithoutSecrets() {
        Settings settings = SettingsBuilder.cpu(Path.of("/srv/reflector"))
                .ollama(OllamaMode.CPU, "qwen2.5:0.5b")
                .garage()
                .domain("meet.example.com")
                .pull(PullPolicy.missing)
                .ignorePreflight(Set.of("memory", "disk"))
                .build();
        assertEquals(
                List.of(
                        "--cpu",
                        "--ollama-cpu",
                        "--llm-model",
                        "qwen2.5:0.5b",
                        "--garage",
                        "--domain",
                        "meet.example.com",
                        "--pull",
                        "missing",
                        "--public-ip",
                        "192.0.2.10",
                        "--ignore-preflight",
                        "disk,memory"),
                InstallArguments.of(settings));
    }

    @Test
    void aFormat1LineReadsBackToTheOptionsItWasWrittenFrom() {
        Settings settings = SettingsBuilder.cpu(Path.of("/srv/reflector"))
                .modelMode(ModelMode.GPU)
                .caddy()
                .build(true)
                .build();
        String line = InstallArguments.line(RecordedOptions.of(settings));
        assertEquals("--gpu --caddy --build --public-ip 192.0.2.10", line);
        assertEquals(RecordedOptions.of(settings), InstallArguments.readVersion1(line));
    }

    @Test
    void aPublicInstancesRetentionIsAnOption() {
        Settings settings = SettingsBuilder.cpu(Path.of("/srv/reflector"))
                .publicRetentionDays(30)
                .build();
        assertEquals(
                "--cpu --public-retention-days 30 --public-ip 192.0.2.10",
                InstallArguments.line(RecordedOptions.of(settings)));
    }

    @Test
    void aFormat1LineEditedByHandReadsAsPicocliWouldHaveParsedIt() {
        assertEquals(
                new RecordedOptions(
                        ModelMode.CPU,
                        OllamaMode.GPU,
                        Optional.of("llama3"),
                        false,
                        true,
                        Optional.of("r.example.com"),
                        false,
                        PullPolicy.never,
                        Optional.empty(),
                        Optional.of(9),
                        Optional.empty(),
                        new TreeSet<>(Set.of("disk", "memory", "ports"))),
                InstallArguments.readVersion1(
                        "--cpu --ollama-gpu --llm-model=llama3 --domain r.example.com --pull NEVER "
                                + "--public-retention-days=9 --ignore-preflight memory,disk --ignore-preflight ports"));
    }

    @Test
    void aFormat1LineWithoutAModelModeOrWithAnotherOptionIsRefusedByName() {
        assertEquals(
                "REFLECTOR_SETUP_ARGS: neither --gpu nor --cpu: ",
                assertThrows(IllegalArgumentException.class, () -> InstallArguments.readVersion1(""))
                        .getMessage());
        assertEquals(
                "REFLECTOR_SETUP_ARGS: rm is not an install option that is recorded: rm -rf /",
                assertThrows(IllegalArgumentException.class, () -> InstallArguments.readVersion1("rm -rf /"))
                        .getMessage());
        assertEquals(
                "REFLECTOR_SETUP_ARGS: --pull sometimes: not always, missing or never: --cpu --pull sometimes",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> InstallArguments.readVersion1("--cpu --pull sometimes"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> InstallArguments.readVersion1("--cpu --domain"));
        assertThrows(IllegalArgumentException.class, () -> InstallArguments.readVersion1("--cpu --garage=yes"));
    }
}
