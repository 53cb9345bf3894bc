package reflector.setup.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNameTest {

    @ParameterizedTest
    @CsvSource({
        "mistral, mistral:latest",
        "library/mistral, mistral:latest",
        "registry.ollama.ai/library/qwen2.5:14b, qwen2.5:14b",
        "myns/model:tag, myns/model:tag",
        "registry.ollama.ai/myns/model, myns/model:latest",
        "llama3.2, llama3.2:latest",
        "Mistral, Mistral:latest",
        "REGISTRY.OLLAMA.AI/LIBRARY/phi3:mini, phi3:mini",
        "example.com/library/m:v1, example.com/library/m:v1",
        "localhost:5000/ns/model, localhost:5000/ns/model:latest",
        "localhost:5000/ns/model:v2, localhost:5000/ns/model:v2",
        "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M, hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
    })
    void normalizesToTheListedForm(String name, String listed) {
        assertTrue(ModelName.isValid(name), name);
        assertEquals(listed, ModelName.normalize(name));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "mistral:",
                ":latest",
                "/mistral",
                "ns/",
                "-mistral",
                ".mistral",
                "mis tral",
                "bad name!",
                "a/b/c/d",
                "ns.x/model",
                "model:ta/g",
                ":5000/ns/model",
                "mistral@sha256:abc",
                "mistral:tag:more",
                "ns/mod:el/x",
            })
    void rejectsWhatOllamaRejects(String name) {
        assertFalse(ModelName.isValid(name), name);
        assertThrows(IllegalArgumentException.class, () -> ModelName.normalize(name));
    }

    @Test
    void partLengthsFollowOllama() {
        assertTrue(ModelName.isValid("m".repeat(80)));
        assertFalse(ModelName.isValid("m".repeat(81)));
        assertTrue(ModelName.isValid("m:" + "t".repeat(80)));
        assertFalse(ModelName.isValid("m:" + "t".repeat(81)));
        assertTrue(ModelName.isValid("n".repeat(80) + "/m"));
        assertFalse(ModelName.isValid("n".repeat(81) + "/m"));
        assertTrue(ModelName.isValid("h".repeat(350) + "/n/m"));
        assertFalse(ModelName.isValid("h".repeat(351) + "/n/m"));
    }

    @Test
    void nullIsNotAName() {
        assertFalse(ModelName.isValid(null));
    }

    @Test
    void sameModelComparesNormalisedNamesIgnoringCase() {
        assertTrue(ModelName.sameModel("mistral:latest", "mistral"));
        assertTrue(ModelName.sameModel("MISTRAL", "library/mistral:latest"));
        assertFalse(ModelName.sameModel("mistral", "mistral:7b"));
        assertFalse(ModelName.sameModel("mistral", "other/mistral"));
        assertFalse(ModelName.sameModel("mistral", "bad name!"));
    }
}
