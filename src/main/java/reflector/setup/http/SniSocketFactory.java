package reflector.setup.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import reflector.setup.validation.IpLiterals;

/**
 * Names the URL's host in SNI even when it has no dot: the JDK's own sockets leave out
 * {@code localhost}, which the JDK's HttpClient sends and Caddy picks its certificate by. Leaving the
 * unconnected createSocket() unimplemented makes HttpsURLConnection connect a plain socket and
 * layer TLS over it through {@link #createSocket(Socket, String, int, boolean)}, where the host is
 * known.
 */
final class SniSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    SniSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return named(delegate.createSocket(socket, host, port, autoClose), host);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return named(delegate.createSocket(host, port), host);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return named(delegate.createSocket(host, port, localHost, localPort), host);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return delegate.createSocket(address, port, localAddress, localPort);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    /** As the JDK's HttpClient does: a host name goes into SNI, an IP address does not (TLS does not allow it). */
    private static Socket named(Socket socket, String host) {
        if (socket instanceof SSLSocket ssl && host != null && !IpLiterals.isIpLiteral(host)) {
            SNIHostName name;
            try {
                name = new SNIHostName(host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
            } catch (IllegalArgumentException notAHostName) {
                return socket;
            }
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setServerNames(List.of(name));
            ssl.setSSLParameters(parameters);
        }
        return socket;
    }
}
