package reflector.setup.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicePortsTest {
    @Test
    void aMovedPortIsFollowedAndAnUnknownOneIsTheBundledOne() {
        ServicePorts ports = new ServicePorts(Map.of(
                "web", List.of(new PublishedPort("127.0.0.1", 8080, 3000, "tcp")),
                "server",
                        List.of(
                                new PublishedPort("0.0.0.0", 50000, 50000, "udp"),
                                new PublishedPort("127.0.0.1", 11250, 1250, "tcp"))));
        assertEquals(8080, ports.hostPort("web", 3000));
        assertEquals(11250, ports.hostPort("server", 1250));
        assertEquals(8000, ports.hostPort("cpu", 8000), "not in the file: the bundled port");
        assertEquals(3903, ServicePorts.BUNDLED.hostPort("garage", 3903));
    }
}
