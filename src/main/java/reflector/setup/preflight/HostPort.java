package reflector.setup.preflight;

import java.util.ArrayList;
import java.util.List;
import reflector.setup.catalog.Service;

/** A port the deployment publishes on the host, and the service that publishes it. */
public record HostPort(String service, String bindAddress, int port, String protocol) {

    /**
     * The host ports of the bundled compose file for these profiles: what a fresh install will
     * publish before the file is written (BundledPortsIT keeps the two in step).
     */
    public static List<HostPort> forProfiles(List<String> profiles) {
        List<HostPort> ports = new ArrayList<>();
        for (Service service : Service.active(profiles)) {
            for (Service.Publication published : service.published()) {
                for (int port = published.firstPort(); port <= published.lastPort(); port++) {
                    ports.add(new HostPort(service.serviceName(), published.hostIp(), port, published.protocol()));
                }
            }
        }
        return ports;
    }

    public String label() {
        return port + "/" + protocol;
    }
}
