package reflector.setup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one builder of {@link Settings}: the three parts it makes, and the contradictions it refuses. */
class SettingsTest {

    private static Settings.Builder cpu() {
        return Settings.builder()
                .dir(Path.of("/srv/reflector"))
                .modelMode(ModelMode.CPU)
                .project(new ProjectName("reflector", "test"))
                .version(ReflectorVersion.defaultVersion());
    }

    @Test
    void eachPartHoldsItsOwnConcern() {
        Settings settings = cpu().ollama(OllamaMode.GPU, Optional.of("llama3.1:8b"))
                .garage(true)
                .domain(Optional.of("example.com"))
                .dryRun(true)
                .build(true)
                .ignoredPreflightChecks(Set.of("ports"))
                .moveStorage(Optional.of(MoveStorage.copy))
                .auth(AuthRequest.makePublic())
                .hfToken(Optional.of("hf_secret"))
                .build();

        assertEquals(
                List.of("cpu", "ollama-gpu", "garage", "caddy"),
                settings.deployment().profiles());
        assertTrue(settings.deployment().caddy(), "a domain is served by Caddy");
        assertTrue(settings.run().dryRun());
        assertTrue(settings.run().preflightIgnored("ports"));
        assertFalse(settings.run().preflightIgnored("memory"));
        assertEquals(Optional.of(MoveStorage.copy), settings.run().moveStorage());
        assertTrue(settings.buildsApplicationImages());
        assertEquals(AuthRequest.Mode.PUBLIC, settings.secrets().auth().mode());
        assertEquals(Optional.of("hf_secret"), settings.secrets().hfToken());
        assertFalse(settings.toString().contains("hf_secret"));
        assertFalse(settings.secrets().toString().contains("hf_secret"));
    }

    @Test
    void aNewBuilderIsAPlainRunThatKeepsEverything() {
        Settings settings = cpu().build();
        assertEquals(List.of("cpu"), settings.deployment().profiles());
        assertFalse(settings.run().dryRun());
        assertEquals(PullPolicy.always, settings.run().pull());
        assertTrue(settings.run().steps().runs("services"));
        assertEquals(AuthRequest.Mode.KEEP, settings.secrets().auth().mode());
        assertEquals(Optional.empty(), settings.secrets().hfToken());
        assertFalse(settings.buildsApplicationImages());
    }

    @Test
    void refusesWhatContradictsItself() {
        assertTrue(refused(cpu().ollama(OllamaMode.NONE, Optional.of("llama3.1:8b")))
                .startsWith("--llm-model: only with --ollama-gpu or --ollama-cpu"));
        assertEquals(
                "--public-url is for your own reverse proxy; with --caddy or --domain the URL follows from Caddy's address",
                refused(cpu().domain(Optional.of("example.com"))
                        .publicUrl(Optional.of("https://reflector.example.org"))));
        assertEquals("--force-caddyfile: only with --caddy or --domain", refused(cpu().forceCaddyfile(true)));
        assertEquals(
                "--public changes authentication in the secrets, server-env and www-env steps together; "
                        + "do not leave one of them out with --only or --skip",
                refused(cpu().auth(AuthRequest.makePublic()).steps(new StepSelection(Set.of(), Set.of("www-env")))));
        assertThrows(
                NullPointerException.class,
                () -> Settings.builder().modelMode(ModelMode.CPU).build());
    }

    private static String refused(Settings.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }
}
