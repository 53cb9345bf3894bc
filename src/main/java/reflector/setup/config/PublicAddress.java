package reflector.setup.config;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The server's primary IPv4 address, found in Java rather than by running `hostname -I`: the
 * source address the kernel picks for a route to a documentation-only address (connecting a UDP
 * socket sends nothing), else the first address of an interface that is up and not loopback or a
 * container bridge.
 */
public final class PublicAddress {
    private static final List<String> VIRTUAL_PREFIXES =
            List.of("docker", "br-", "veth", "virbr", "cni", "flannel", "lo");

    private PublicAddress() {}

    public static Optional<String> detect() {
        return fromRoute().or(PublicAddress::fromInterfaces);
    }

    private static Optional<String> fromRoute() {
        try (DatagramSocket socket = new DatagramSocket()) {
            // 192.0.2.1 is TEST-NET-1: no packet is sent, the kernel only chooses a route.
            socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 9));
            InetAddress local = socket.getLocalAddress();
            if (local instanceof Inet4Address && !local.isAnyLocalAddress() && !local.isLoopbackAddress()) {
                return Optional.of(local.getHostAddress());
            }
        } catch (IOException | RuntimeException noRoute) {
            // No default route: fall back to the interfaces.
        }
        return Optional.empty();
    }

    private static Optional<String> fromInterfaces() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()
                        || nic.isLoopback()
                        || nic.isVirtual()
                        || VIRTUAL_PREFIXES.stream().anyMatch(nic.getName()::startsWith)) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        return Optional.of(address.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
