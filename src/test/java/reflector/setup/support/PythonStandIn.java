package reflector.setup.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of testenv/'s stand-ins run as a local process on free ports of 127.0.0.1 (never the
 * compose file's fixed ports, never in Docker), so that the installer's checks, and the contracts
 * the Java fakes are held to, can be held against the same stand-ins the end-to-end tests deploy.
 */
public final class PythonStandIn implements AutoCloseable {
    public static final Path TESTENV =
            Path.of(System.getProperty("reflector.repo.dir", ".")).resolve("testenv");

    /** Loads a stand-in module, binds its HTTP server to 127.0.0.1:0 and prints the port on the first line. */
    private static final String SERVE_MODULE = String.join(
            "\n",
            "import importlib.util, json, os, sys",
            "sys.dont_write_bytecode = True",
            "out, sys.stdout = sys.stdout, open(os.devnull, 'w')",
            "spec = importlib.util.spec_from_file_location('standin', sys.argv[1])",
            "m = importlib.util.module_from_spec(spec)",
            "spec.loader.exec_module(m)",
            "httpd = eval(sys.argv[2], {'m': m, 'env': json.loads(sys.argv[3])})",
            "out.write('%d\\n' % httpd.server_address[1])",
            "out.flush()",
            "httpd.serve_forever()");

    private final Process process;
    public final int port;

    private PythonStandIn(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import tomllib")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isDirectory(TESTENV);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** {@code server} is a Python expression over the module {@code m} and the settings {@code env}. */
    public static PythonStandIn module(String script, String server, String envJson, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        "python3", "-c", SERVE_MODULE, TESTENV.resolve(script).toString(), server, envJson)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String first =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (first == null || !first.matches("\\d+")) {
            process.destroyForcibly();
            throw new IOException("the stand-in " + script + " did not start: " + first);
        }
        return new PythonStandIn(process, Integer.parseInt(first));
    }

    /** A stand-in started by its own command line, listening on {@code ports} once ready. */
    public static PythonStandIn command(List<String> command, int... ports) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("python3"));
        full.addAll(command);
        ProcessBuilder builder =
                new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        for (int port : ports) {
            awaitPort(process, port);
        }
        return new PythonStandIn(process, ports[0]);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(Process process, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the stand-in exited with " + process.exitValue());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("the stand-in never listened on " + port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
