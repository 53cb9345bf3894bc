package reflector.setup.preflight;

import java.util.ArrayList;
import java.util.List;

/** A port the deployment publishes on the host, and the service that publishes it. */
public record HostPort(String service, String bindAddress, int port, String protocol) {

    /**
     * The host ports of the bundled compose file for these profiles: what a fresh install will
     * publish before the file is written (BundledPortsIT keeps the two in step).
     */
    public static List<HostPort> forProfiles(List<String> profiles) {
        List<HostPort> ports = new ArrayList<>();
        ports.add(new HostPort("server", "127.0.0.1", 1250, "tcp"));
        for (int port = 50000; port <= 50100; port++) {
            ports.add(new HostPort("server", "0.0.0.0", port, "udp"));
        }
        ports.add(new HostPort("web", "127.0.0.1", 3000, "tcp"));
        for (String profile : profiles) {
            switch (profile) {
                case "gpu", "cpu" -> ports.add(new HostPort(profile, "127.0.0.1", 8000, "tcp"));
                case "ollama-gpu" -> ports.add(new HostPort("ollama", "127.0.0.1", 11435, "tcp"));
                case "ollama-cpu" -> ports.add(new HostPort("ollama-cpu", "127.0.0.1", 11435, "tcp"));
                case "garage" -> {
                    ports.add(new HostPort("garage", "127.0.0.1", 3900, "tcp"));
                    ports.add(new HostPort("garage", "127.0.0.1", 3903, "tcp"));
                }
                case "caddy" -> {
                    ports.add(new HostPort("caddy", "0.0.0.0", 80, "tcp"));
                    ports.add(new HostPort("caddy", "0.0.0.0", 443, "tcp"));
                }
                default -> throw new IllegalArgumentException("unknown profile " + profile);
            }
        }
        return ports;
    }

    public String label() {
        return port + "/" + protocol;
    }
}
