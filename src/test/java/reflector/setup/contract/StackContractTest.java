package reflector.setup.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract file itself, without Docker: every allowed difference says why, names services
 * the contract has, and still differs from upstream (a difference that no longer exists is
 * removed, so the list stays minimal).
 */
class StackContractTest {
    static final StackContract CONTRACT = StackContract.load();

    @Test
    void everyAllowedDifferenceHasAReasonAndStillDiffers() {
        for (Map<String, Object> difference : CONTRACT.allowedDifferences()) {
            String field = String.valueOf(difference.get("field"));
            String reason = String.valueOf(difference.get("reason")).strip();
            assertTrue(reason.length() > 40, field + ": the allowed difference needs its reason");
            if (field.equals("environment")) {
                continue;
            }
            assertTrue(StackContract.FIELDS.contains(field), field + " is not a field the contract compares");
            StackContract.map(difference.get("bundled")).forEach((service, bundled) -> {
                assertTrue(CONTRACT.services().containsKey(service), field + ": no service " + service);
                assertNotEquals(
                        CONTRACT.upstream(service, field),
                        StackContract.normalised(field, bundled),
                        service + " " + field + " is as upstream's: remove it from the allowed differences");
            });
        }
    }

    @Test
    void templateKeysAreNotSetByUpstreamsComposeFile() {
        Map<String, String> template = CONTRACT.templateKeys("server/.env");
        assertFalse(template.isEmpty());
        for (String service : List.of("server", "worker", "beat")) {
            for (String key : template.keySet()) {
                assertFalse(
                        CONTRACT.composeEnvironment(service, Map.of()).containsKey(key),
                        key + " is set by upstream's compose file for " + service + ", so the template adds nothing");
            }
        }
    }

    /** A key the installer writes under a condition is one that neither upstream's compose file nor its env files set. */
    @Test
    void conditionalEnvFileKeysAreTheInstallersOwn() {
        Map<String, String> cpu = CONTRACT.conditionalKeys("server/.env", List.of("cpu"));
        assertEquals(Map.of("TRANSCRIPT_FILE_TIMEOUT", "3600", "DIARIZATION_FILE_TIMEOUT", "3600"), cpu);
        assertTrue(CONTRACT.conditions().contains("cpu"));
        assertTrue(CONTRACT.conditionalKeys("server/.env", List.of("gpu")).isEmpty());
        for (String service : List.of("server", "worker", "beat")) {
            Map<String, String> upstream = CONTRACT.effectiveEnvironment(
                    service, List.of("public"), Map.of("server_url", "x", "public_ip", "x"));
            for (String key : cpu.keySet()) {
                assertFalse(upstream.containsKey(key), key + " is upstream's already for " + service);
            }
        }
    }

    /** What the bundled compose file adds to a service's environment is not in upstream's. */
    @Test
    void composeEnvironmentAdditionsAreNotUpstreams() {
        for (Map<String, Object> difference : CONTRACT.allowedDifferences()) {
            if (!"environment".equals(difference.get("field")) || difference.get("bundled") == null) {
                continue;
            }
            StackContract.map(difference.get("bundled")).forEach((service, added) -> {
                Map<String, String> upstream = StackContract.stringMap(
                        StackContract.map(CONTRACT.services().get(service)).get("environment"));
                StackContract.stringMap(added)
                        .keySet()
                        .forEach(key -> assertFalse(
                                upstream.containsKey(key),
                                service + " " + key + " is upstream's: remove it from the allowed differences"));
            });
        }
        assertEquals(
                "16000", CONTRACT.composeEnvironment("ollama-cpu", Map.of()).get("OLLAMA_CONTEXT_LENGTH"));
    }

    @Test
    void placeholdersAreFilledAndAnUnknownOneIsAnError() {
        assertEquals(
                "monadicalsas/reflector-backend:v1",
                StackContract.fill("monadicalsas/reflector-backend:{image_tag}", Map.of("image_tag", "v1")));
        assertEquals(
                "/[0-9a-f]{64}/",
                StackContract.fill("/[0-9a-f]{64}/", Map.of()),
                "a regex quantifier is no placeholder");
        assertThrows(IllegalArgumentException.class, () -> StackContract.fill("{nope}", Map.of()));
    }

    @Test
    void composeDurationsReadAsSeconds() {
        assertEquals("450", ComposeConfig.seconds("7m30s"));
        assertEquals("120", ComposeConfig.seconds("2m0s"));
        assertEquals("1", ComposeConfig.seconds("1s"));
        assertEquals("0.5", ComposeConfig.seconds("500ms"));
    }
}
