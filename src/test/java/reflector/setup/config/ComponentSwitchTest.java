package reflector.setup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule (the flags are the new state, login only explicitly) and the plan of each switch, without Docker. */
class ComponentSwitchTest {

    static Components parse(String recorded) {
        return Components.of(InstallArguments.readVersion1(recorded));
    }

    static ComponentSwitch only(String before, String after) {
        List<ComponentSwitch> switches = ComponentSwitch.between(parse(before), parse(after));
        assertEquals(1, switches.size(), switches.toString());
        return switches.get(0);
    }

    @Test
    void theRecordedOptionsReadBackAsComponents() {
        Components components = parse("--cpu --ollama-cpu --llm-model qwen2.5:0.5b --garage --domain r.example.com "
                + "--public-ip 192.0.2.10 --ignore-preflight memory,disk --pull missing");
        assertEquals(
                new Components(
                        ModelMode.CPU,
                        OllamaMode.CPU,
                        Optional.of("qwen2.5:0.5b"),
                        true,
                        true,
                        Optional.of("r.example.com")),
                components);
        assertEquals(List.of("cpu", "ollama-cpu", "garage", "caddy"), components.profiles());
        // Ollama without --llm-model has the default model; none without Ollama.
        assertEquals(
                Optional.of(Settings.DEFAULT_LLM_MODEL),
                parse("--gpu --ollama-gpu").llmModel());
        assertEquals(Optional.empty(), parse("--gpu").llmModel());
    }

    @Test
    void theSameFlagsSwitchNothing() {
        String flags = "--cpu --ollama-cpu --garage --caddy --public-ip 192.0.2.10";
        assertEquals(List.of(), ComponentSwitch.between(parse(flags), parse(flags + " --build --pull never")));
    }

    @Test
    void caddyOffStopsItFreesEightyAndFourFortyThreeKeepsItsVolumesAndRewritesTheUrls() {
        ComponentSwitch off = only("--cpu --caddy", "--cpu");
        assertEquals("proxy", off.component());
        assertEquals("caddy (self-signed) -> none", off.from() + " -> " + off.to());
        assertEquals(List.of("caddy"), off.servicesOff());
        assertEquals(List.of(), off.servicesOn());
        assertEquals(List.of("80/tcp", "443/tcp"), off.portsFreed());
        assertEquals(List.of("caddy_data", "caddy_config"), off.volumesKept());
        assertTrue(
                off.settings()
                        .containsAll(List.of(
                                "server/.env BASE_URL",
                                "server/.env CORS_ORIGIN",
                                "www/.env SITE_URL",
                                "www/.env NEXTAUTH_URL",
                                "www/.env API_URL")),
                off.settings().toString());
        assertTrue(
                off.text()
                        .startsWith(
                                "switch proxy: caddy (self-signed) -> none: stop and remove caddy (freeing ports "
                                        + "80/tcp, 443/tcp); keep the volumes caddy_data, caddy_config; update server/.env BASE_URL"),
                off.text());

        ComponentSwitch on = only("--cpu", "--cpu --domain r.example.com");
        assertEquals(List.of("caddy"), on.servicesOn());
        assertEquals(List.of(), on.servicesOff());
        assertEquals(List.of(), on.volumesKept());
        assertEquals("none -> caddy for the domain r.example.com", on.from() + " -> " + on.to());
    }

    @Test
    void aDomainDroppedForASelfSignedCaddyKeepsTheContainerAndMovesTheUrls() {
        ComponentSwitch change = only("--cpu --domain r.example.com", "--cpu --caddy");
        assertEquals(List.of(), change.servicesOff());
        assertEquals(List.of(), change.servicesOn());
        assertEquals(List.of(), change.portsFreed());
        assertTrue(change.settings().contains("www/.env NEXTAUTH_URL"));
    }

    @Test
    void ollamaOffRemovesItsServiceAndItsLlmSettings() {
        ComponentSwitch off = only("--cpu --ollama-cpu --llm-model qwen2.5:0.5b", "--cpu");
        assertEquals("llm", off.component());
        assertEquals("ollama-cpu (qwen2.5:0.5b)", off.from());
        assertEquals("none", off.to());
        assertEquals(List.of("ollama-cpu"), off.servicesOff());
        assertEquals(List.of("11435/tcp"), off.portsFreed());
        assertEquals(List.of("ollama_data"), off.volumesKept());
        assertEquals(
                List.of("server/.env LLM_URL", "server/.env LLM_MODEL", "server/.env LLM_API_KEY"), off.settings());
        assertTrue(off.text().contains("remove server/.env LLM_URL"), off.text());
        assertTrue(off.effect().contains("there is no LLM until you set them"), off.effect());

        ComponentSwitch on = only("--cpu", "--cpu --ollama-gpu");
        assertEquals(List.of("ollama"), on.servicesOn());
        assertTrue(on.effect().contains("qwen2.5:14b is pulled"), on.effect());
    }

    @Test
    void movingBetweenTheTwoOllamasOrModelServersLeavesNoVolumeOrPortBehind() {
        ComponentSwitch ollama = only("--cpu --ollama-gpu", "--cpu --ollama-cpu");
        assertEquals(List.of("ollama"), ollama.servicesOff());
        assertEquals(List.of("ollama-cpu"), ollama.servicesOn());
        assertEquals(List.of(), ollama.volumesKept(), "both mount ollama_data");
        assertEquals(List.of(), ollama.portsFreed(), "both publish 11435");

        ComponentSwitch models = only("--gpu --garage", "--cpu --garage");
        assertEquals("models", models.component());
        assertEquals(List.of("gpu"), models.servicesOff());
        assertEquals(List.of("cpu"), models.servicesOn());
        assertEquals(List.of(), models.volumesKept(), "both mount gpu_cache");
        assertEquals(List.of(), models.portsFreed(), "both publish 8000");
        assertTrue(models.settings().contains("server/.env TRANSCRIPT_FILE_TIMEOUT"));
    }

    @Test
    void anotherModelKeepsTheServiceAndSaysHowToDeleteTheOldOne() {
        ComponentSwitch model = only("--cpu --ollama-cpu", "--cpu --ollama-cpu --llm-model qwen2.5:0.5b");
        assertEquals(List.of(), model.servicesOff());
        assertEquals(List.of("server/.env LLM_MODEL"), model.settings());
        assertTrue(model.effect().contains("docker compose exec ollama-cpu ollama rm qwen2.5:14b"), model.effect());
    }

    @Test
    void garageOffKeepsItsVolumesWithTheRecordings() {
        ComponentSwitch off = only("--cpu --garage", "--cpu");
        assertEquals("storage", off.component());
        assertEquals("garage -> external S3", off.from() + " -> " + off.to());
        assertEquals(List.of("garage"), off.servicesOff());
        assertEquals(List.of("garage_data", "garage_meta"), off.volumesKept());
        assertEquals(List.of("3900/tcp", "3903/tcp"), off.portsFreed());
    }

    @Test
    void severalSwitchesComeInOneOrder() {
        List<ComponentSwitch> switches =
                ComponentSwitch.between(parse("--gpu --ollama-gpu --garage --caddy"), parse("--cpu"));
        assertEquals(
                List.of("models", "llm", "storage", "proxy"),
                switches.stream().map(ComponentSwitch::component).toList());
    }

    @Test
    void loginIsSwitchedOnlyExplicitly() {
        assertEquals(
                Optional.empty(),
                ComponentSwitch.login("password", true, AuthRequest.Mode.KEEP),
                "leaving --password out keeps login");
        assertEquals(Optional.empty(), ComponentSwitch.login("none", false, AuthRequest.Mode.KEEP));
        assertEquals(
                "login: none (public) -> password",
                ComponentSwitch.login("none", false, AuthRequest.Mode.PASSWORD)
                        .orElseThrow()
                        .headline());
        assertEquals(
                "login: password -> none (public)",
                ComponentSwitch.login("password", true, AuthRequest.Mode.PUBLIC)
                        .orElseThrow()
                        .headline());
        assertEquals(
                Optional.empty(),
                ComponentSwitch.login("password", true, AuthRequest.Mode.PASSWORD),
                "a new password only");
        assertEquals(Optional.empty(), ComponentSwitch.login("none", false, AuthRequest.Mode.PUBLIC), "already public");
    }
}
