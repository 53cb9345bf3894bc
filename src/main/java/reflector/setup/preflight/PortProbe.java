package reflector.setup.preflight;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Whether a host port is free, and if not, which process holds it (read from /proc on Linux). */
public final class PortProbe {
    public enum State {
        FREE,
        IN_USE,
        UNKNOWN
    }

    private PortProbe() {}

    public static State probe(HostPort port) {
        try {
            InetAddress address = InetAddress.getByName(port.bindAddress());
            if ("udp".equals(port.protocol())) {
                new DatagramSocket(new InetSocketAddress(address, port.port())).close();
                return State.FREE;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(address, port.port()));
                return State.FREE;
            }
        } catch (BindException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            // Without root a port below 1024 cannot be bound by us, but Docker can publish it.
            return message.contains("permission") ? State.UNKNOWN : State.IN_USE;
        } catch (IOException e) {
            return State.UNKNOWN;
        }
    }

    /** The name and pid of the process listening on the port, when /proc tells. */
    public static Optional<String> owner(HostPort port) {
        boolean tcp = "tcp".equals(port.protocol());
        List<String> tables =
                tcp ? List.of("/proc/net/tcp", "/proc/net/tcp6") : List.of("/proc/net/udp", "/proc/net/udp6");
        for (String table : tables) {
            Optional<String> inode = socketInode(Path.of(table), port.port(), tcp);
            if (inode.isPresent()) {
                return processWithSocket(inode.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> socketInode(Path table, int port, boolean tcp) {
        String hexPort = String.format(":%04X", port);
        try (Stream<String> lines = Files.lines(table)) {
            return lines.skip(1)
                    .map(String::trim)
                    .map(line -> line.split("\\s+"))
                    .filter(fields -> fields.length > 9 && fields[1].endsWith(hexPort))
                    .filter(fields -> !tcp || "0A".equals(fields[3]))
                    .map(fields -> fields[9])
                    .filter(inode -> !"0".equals(inode))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> processWithSocket(String inode) {
        String target = "socket:[" + inode + "]";
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> holdsSocket(p, target))
                    .map(p -> commandName(p) + " (pid " + p.getFileName() + ")")
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean holdsSocket(Path process, String target) {
        try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return target.equals(Files.readSymbolicLink(fd).toString());
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            });
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String commandName(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip();
        } catch (IOException e) {
            return "a process";
        }
    }
}
