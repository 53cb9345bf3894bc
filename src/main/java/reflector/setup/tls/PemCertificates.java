package reflector.setup.tls;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * X.509 certificates in PEM text. Reading takes the CERTIFICATE blocks only and refuses a file
 * with a private key in it: a root given to the installer is copied into the deployment and
 * mounted into Caddy, and a key has no business there.
 */
public final class PemCertificates {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");

    private PemCertificates() {}

    /** The certificates in the text; IllegalArgumentException naming the problem when there are none or one is broken. */
    public static List<X509Certificate> parse(String text) {
        if (PRIVATE_KEY.matcher(text).find()) {
            throw new IllegalArgumentException("contains a private key; give only the CA's certificate");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(block.group(1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("has a CERTIFICATE block that is not valid base64");
            }
            try {
                certificates.add((X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("has a CERTIFICATE block that is not an X.509 certificate");
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("contains no PEM certificate (a -----BEGIN CERTIFICATE----- block)");
        }
        return certificates;
    }

    public static String encode(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate certificate : certificates) {
            try {
                out.append("-----BEGIN CERTIFICATE-----\n")
                        .append(base64.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }
}
