package reflector.setup.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Which certificate a TLS server presents for a name: a handshake with that name as SNI. Caddy
 * answers a name it has no certificate for with a handshake alert, so a completed handshake means
 * a certificate is served. The chain is only collected here; {@link ChainCheck} judges it.
 */
@FunctionalInterface
public interface CertificateProbe {
    Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    /** The chain served at host:port for serverName; an IOException saying why when there is none. */
    ServedCertificate fetch(String host, int port, String serverName) throws IOException;

    /** The real one, over the network. */
    CertificateProbe TLS = CertificateProbe::handshake;

    private static ServedCertificate handshake(String host, int port, String serverName) throws IOException {
        SSLContext ssl;
        try {
            ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new AcceptAnyCertificate()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            raw.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
            try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(raw, serverName, port, false)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate certificate : socket.getSession().getPeerCertificates()) {
                    chain.add((X509Certificate) certificate);
                }
                return new ServedCertificate(chain);
            }
        }
    }
}
