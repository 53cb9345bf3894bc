package reflector.setup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import reflector.setup.support.SettingsBuilder;

/**
 * The recorded form is keyed by a fixed, documented list of keys with values of its own: no
 * option name is written or read in format 2. The expected entries below are literal, so that a
 * renamed option cannot change them; format 1 (option words) reads to the same options.
 */
class RecordedOptionsTest {
    static final Settings SETTINGS = SettingsBuilder.cpu(Path.of("/srv/reflector"))
            .ollama(OllamaMode.CPU, "qwen2.5:0.5b")
            .garage()
            .domain("meet.example.com")
            .pull(PullPolicy.missing)
            .ignorePreflight(Set.of("memory", "disk"))
            .build();

    static final Map<String, String> FORMAT_2 = literal(
            "REFLECTOR_SETUP_FORMAT", "2",
            "REFLECTOR_SETUP_MODELS", "cpu",
            "REFLECTOR_SETUP_OLLAMA", "cpu",
            "REFLECTOR_SETUP_LLM_MODEL", "qwen2.5:0.5b",
            "REFLECTOR_SETUP_STORAGE", "garage",
            "REFLECTOR_SETUP_PROXY", "caddy",
            "REFLECTOR_SETUP_DOMAIN", "meet.example.com",
            "REFLECTOR_SETUP_BUILD", "false",
            "REFLECTOR_SETUP_PULL", "missing",
            "REFLECTOR_SETUP_PUBLIC_URL", "",
            "REFLECTOR_SETUP_PUBLIC_RETENTION_DAYS", "",
            "REFLECTOR_SETUP_PUBLIC_IP", "192.0.2.10",
            "REFLECTOR_SETUP_IGNORED_PREFLIGHT", "disk,memory");

    static final String FORMAT_1 =
            "--cpu --ollama-cpu --llm-model qwen2.5:0.5b --garage --domain meet.example.com --pull missing "
                    + "--public-ip 192.0.2.10 --ignore-preflight disk,memory";

    static Map<String, String> literal(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static Optional<RecordedOptions> read(Map<String, String> recorded) {
        return RecordedOptions.read(key -> Optional.ofNullable(recorded.get(key)));
    }

    @Test
    void anInstallIsRecordedUnderTheFixedKeysWithValuesOfTheirOwn() {
        assertEquals(FORMAT_2, RecordedOptions.of(SETTINGS).entries());
        assertEquals(RecordedOptions.KEYS, List.copyOf(FORMAT_2.keySet()));
    }

    @Test
    void format2AndAFormat1LineOfTheSameInstallReadTheSame() {
        assertEquals(Optional.of(RecordedOptions.of(SETTINGS)), read(FORMAT_2));
        assertEquals(read(FORMAT_2), read(Map.of(RecordedOptions.VERSION_1_KEY, FORMAT_1)));
        // Format 2 wins over a format 1 line left beside it.
        Map<String, String> both = new LinkedHashMap<>(FORMAT_2);
        both.put(RecordedOptions.VERSION_1_KEY, "--gpu");
        assertEquals(read(FORMAT_2), read(both));
    }

    @Test
    void emptyValuesAreTheDefaults() {
        Settings plain = SettingsBuilder.cpu(Path.of("/srv/reflector"))
                .publicIp(Optional.empty())
                .ollama(OllamaMode.GPU, Settings.DEFAULT_LLM_MODEL)
                .build();
        Map<String, String> entries = RecordedOptions.of(plain).entries();
        assertEquals("", entries.get(RecordedOptions.LLM_MODEL_KEY), "the default model is not pinned");
        assertEquals("none", entries.get(RecordedOptions.PROXY_KEY));
        assertEquals("external", entries.get(RecordedOptions.STORAGE_KEY));
        assertEquals(Optional.of(RecordedOptions.of(plain)), read(entries));
    }

    @Test
    void nothingRecordedIsEmpty() {
        assertEquals(Optional.empty(), read(Map.of()));
        assertEquals(
                Optional.empty(), read(Map.of(RecordedOptions.VERSION_1_KEY, " ", RecordedOptions.FORMAT_KEY, "")));
    }

    @Test
    void aFormatOfANewerInstallerIsRefusedInOneLine() {
        Map<String, String> future = new LinkedHashMap<>(FORMAT_2);
        future.put(RecordedOptions.FORMAT_KEY, "3");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> read(future));
        assertEquals(
                "REFLECTOR_SETUP_FORMAT=3: the install options are recorded in a format this reflector-setup does not "
                        + "know (it reads 1 and 2); a newer reflector-setup wrote them: run that one",
                refused.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> RecordedOptions.format(key -> Optional.ofNullable(future.get(key))));
    }

    @Test
    void aValueItCannotReadNamesItsKey() {
        Map<String, String> bad = new LinkedHashMap<>(FORMAT_2);
        bad.put(RecordedOptions.MODELS_KEY, "tpu");
        assertEquals(
                "REFLECTOR_SETUP_MODELS=tpu: not one of cpu, gpu",
                assertThrows(IllegalArgumentException.class, () -> read(bad)).getMessage());
        bad.put(RecordedOptions.MODELS_KEY, "gpu");
        bad.put(RecordedOptions.PUBLIC_RETENTION_DAYS_KEY, "a week");
        assertEquals(
                "REFLECTOR_SETUP_PUBLIC_RETENTION_DAYS=a week: not a number of days",
                assertThrows(IllegalArgumentException.class, () -> read(bad)).getMessage());
    }

    /** No secret can be recorded: the record has no place for one. */
    @Test
    void theRecordHoldsOnlyChoices() {
        assertEquals(
                List.of(
                        "models",
                        "ollama",
                        "llmModel",
                        "garage",
                        "caddy",
                        "domain",
                        "build",
                        "pull",
                        "publicUrl",
                        "publicRetentionDays",
                        "publicIp",
                        "ignoredPreflightChecks"),
                Arrays.stream(RecordedOptions.class.getRecordComponents())
                        .map(c -> c.getName())
                        .toList());
    }

    @Test
    void theDocumentationListsEveryKey() throws IOException {
        String docs = Files.readString(Path.of("docs/deployment.md"));
        String section = docs.substring(docs.indexOf("## How a deployment remembers its install options"));
        section =
                section.substring(0, section.indexOf("\n## ", 3) < 0 ? section.length() : section.indexOf("\n## ", 3));
        List<String> documented = new ArrayList<>();
        Matcher row =
                Pattern.compile("(?m)^\\| `(REFLECTOR_SETUP_[A-Z_]+)` \\|").matcher(section);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertEquals(RecordedOptions.KEYS, documented, "the table of keys in docs/deployment.md");
        assertTrue(section.contains(RecordedOptions.VERSION_1_KEY), "format 1 is documented");
    }
}
