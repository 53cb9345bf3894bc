package reflector.setup.e2e;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Unix socket that forwards to the real engine's, so that a test can make "the engine" vanish in
 * the middle of an installer run (by closing this) without stopping the real engine, which would
 * stop every other container on the machine too.
 */
final class EngineProxy implements AutoCloseable {
    static final Path ENGINE = Path.of("/var/run/docker.sock");

    private final Path socket;
    private final ServerSocketChannel server;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();

    EngineProxy(Path socket) throws IOException {
        this.socket = socket;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::accept, "engine-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String dockerHost() {
        return "unix://" + socket;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(ENGINE));
                open.add(client);
                open.add(engine);
                pump(client, engine);
                pump(engine, client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
                to.shutdownOutput();
            } catch (IOException closed) {
                // one side went away: the other is closed by close()
            }
        }, "engine-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** The engine "stops": no new connections, and every open one is cut. */
    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel channel : open) {
            channel.close();
        }
        Files.deleteIfExists(socket);
    }
}
