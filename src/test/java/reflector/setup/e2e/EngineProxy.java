package reflector.setup.e2e;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Unix socket that forwards to the real engine's, so that a test can make "the engine" vanish in
 * the middle of an installer run without stopping the real engine, which would stop every other
 * container on the machine too. It vanishes at the first request whose request line matches what
 * the test names, before that request reaches the engine: the cut lands at a known point of the
 * run however fast or slow the machine is.
 */
final class EngineProxy implements AutoCloseable {
    static final Path ENGINE = Path.of("/var/run/docker.sock");

    private final Path socket;
    private final ServerSocketChannel server;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final Pattern cutAt;
    private final AtomicReference<String> cutRequest = new AtomicReference<>();

    /** @param cutAt a request line (`POST /v1.45/containers/create?name=...`) at which the engine vanishes */
    EngineProxy(Path socket, Pattern cutAt) throws IOException {
        this.socket = socket;
        this.cutAt = cutAt;
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
                pump(client, engine, true);
                pump(engine, client, false);
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** The request line that made the engine vanish; empty while it has not. */
    Optional<String> cutRequest() {
        return Optional.ofNullable(cutRequest.get());
    }

    private void pump(SocketChannel from, SocketChannel to, boolean requests) {
        Thread thread = new Thread(
                () -> {
                    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                    try {
                        while (from.read(buffer) >= 0) {
                            buffer.flip();
                            if (requests && cutsHere(buffer)) {
                                close();
                                return;
                            }
                            while (buffer.hasRemaining()) {
                                to.write(buffer);
                            }
                            buffer.clear();
                        }
                        to.shutdownOutput();
                    } catch (IOException closed) {
                        // one side went away: the other is closed by close()
                    }
                },
                "engine-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private boolean cutsHere(ByteBuffer chunk) {
        String text = StandardCharsets.ISO_8859_1.decode(chunk.duplicate()).toString();
        Matcher line = cutAt.matcher(text);
        return line.find() && cutRequest.compareAndSet(null, line.group());
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
