package reflector.setup.docker;

import java.util.List;
import java.util.Map;
import reflector.setup.catalog.Service;

/**
 * Where on this host a service's container port is published, as the deployment's compose file
 * says: the user may have moved a port, and the installer must then talk to the new one.
 */
public final class ServicePorts {
    /** The bundled compose file's ports (each the same as the container's): used while there is no compose file. */
    public static final ServicePorts BUNDLED = new ServicePorts(Map.of());

    private final Map<String, List<PublishedPort>> published;

    public ServicePorts(Map<String, List<PublishedPort>> published) {
        this.published = Map.copyOf(published);
    }

    public Map<String, List<PublishedPort>> published() {
        return published;
    }

    /** The TCP host port of the service's main container port (see {@link Service#port()}). */
    public int hostPort(Service service) {
        return hostPort(service.serviceName(), service.port());
    }

    /** The TCP host port for the container port, or the bundled file's when the compose file does not say. */
    public int hostPort(String service, int containerPort) {
        return published.getOrDefault(service, List.of()).stream()
                .filter(port -> "tcp".equals(port.protocol()) && port.containerPort() == containerPort)
                .mapToInt(PublishedPort::hostPort)
                .findFirst()
                .orElse(containerPort);
    }
}
