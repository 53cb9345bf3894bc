package reflector.setup.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import reflector.setup.config.ModelMode;
import reflector.setup.config.OllamaMode;

/** The catalog against the bundled compose file it describes, read as YAML (no Docker needed). */
class ServiceTest {
    static final Map<String, Object> SERVICES = services();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() {
        try (InputStream in = Files.newInputStream(Path.of("docker-compose.selfhosted.yml"))) {
            Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return (Map<String, Object>) compose.get("services");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(Service service) {
        return (Map<String, Object>) SERVICES.get(service.serviceName());
    }

    @Test
    void theCatalogNamesEveryServiceOfTheBundledFileAndNoOther() {
        assertEquals(
                SERVICES.keySet(),
                Arrays.stream(Service.values()).map(Service::serviceName).collect(Collectors.toSet()));
    }

    @Test
    void profilesAreTheFilesOwn() {
        for (Service service : Service.values()) {
            Object profiles = service(service).get("profiles");
            assertEquals(service.profile().map(List::of).orElse(null), profiles, service.serviceName());
        }
    }

    @Test
    void publishedPortsAreTheFilesOwn() {
        for (Service service : Service.values()) {
            List<String> expected = new ArrayList<>();
            for (Service.Publication p : service.published()) {
                String range = p.firstPort() == p.lastPort()
                        ? String.valueOf(p.firstPort())
                        : p.firstPort() + "-" + p.lastPort();
                expected.add((p.hostIp().equals("0.0.0.0") ? "" : p.hostIp() + ":") + range + ":" + range
                        + (p.protocol().equals("tcp") ? "" : "/" + p.protocol()));
            }
            Object ports = service(service).get("ports");
            assertEquals(expected, ports == null ? List.of() : ports, service.serviceName());
            if (!service.published().isEmpty()) {
                assertTrue(
                        service.published().stream().anyMatch(p -> p.firstPort() == service.port()),
                        service.serviceName() + ": its main port is published");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void namedVolumesAreTheFilesOwn() {
        for (Service service : Service.values()) {
            Object mounts = service(service).get("volumes");
            List<String> named = new ArrayList<>();
            for (Object mount : mounts == null ? List.of() : (List<Object>) mounts) {
                String source = String.valueOf(mount).split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    named.add(source);
                }
            }
            assertEquals(named, service.volumes(), service.serviceName());
        }
    }

    @Test
    void aSwitchLeavesBehindOnlyWhatNoActiveServiceMountsOrPublishes() {
        assertEquals(
                List.of("caddy_data", "caddy_config"),
                Service.volumesLeftBehind(List.of(Service.CADDY), List.of("cpu")));
        assertEquals(
                List.of(), Service.volumesLeftBehind(List.of(Service.GPU), List.of("cpu")), "cpu mounts gpu_cache too");
        assertEquals(List.of("80/tcp", "443/tcp"), Service.portsLeftFree(List.of(Service.CADDY), List.of("cpu")));
        assertEquals(List.of(), Service.portsLeftFree(List.of(Service.OLLAMA), List.of("cpu", "ollama-cpu")));
        assertEquals(Optional.of(Service.OLLAMA_CPU), Service.named("ollama-cpu"));
        assertEquals(Optional.empty(), Service.named("pebble"));
    }

    @Test
    void everyServiceWithAHealthWaitIsWaitedForOnce() {
        Set<Service> withHealth = Arrays.stream(Service.values())
                .filter(s -> s.health().isPresent())
                .collect(Collectors.toSet());
        assertEquals(withHealth, Set.copyOf(Service.WAIT_ORDER));
        assertEquals(Service.WAIT_ORDER.size(), Set.copyOf(Service.WAIT_ORDER).size());
    }

    @Test
    void theModesNameCatalogServices() {
        assertEquals("gpu", ModelMode.GPU.service());
        assertEquals("cpu", ModelMode.CPU.service());
        assertEquals("ollama", OllamaMode.GPU.service().orElseThrow());
        assertEquals("ollama-gpu", OllamaMode.GPU.profile().orElseThrow());
        assertEquals("ollama-cpu", OllamaMode.CPU.service().orElseThrow());
        assertTrue(OllamaMode.NONE.service().isEmpty());
    }

    @Test
    void theHelpListsEveryServiceInCatalogOrder() {
        assertEquals(
                "server, worker, beat, web, postgres, redis, gpu, cpu, ollama, ollama-cpu, garage or caddy",
                Service.namesForHelp());
    }
}
