package reflector.setup.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whether a served chain leads to a trusted root: the roots the user gave (--acme-ca-root) and,
 * for public CAs, this host's (the JDK's) trust store. Revocation is not checked: a fresh
 * certificate is the point here, and OCSP would mean traffic to the CA.
 */
public final class ChainCheck {
    private final Set<TrustAnchor> anchors;

    private ChainCheck(Set<TrustAnchor> anchors) {
        this.anchors = anchors;
    }

    /** The given roots together with the system's. */
    public static ChainCheck withSystemRoots(List<X509Certificate> extraRoots) {
        Set<TrustAnchor> anchors = new HashSet<>();
        extraRoots.forEach(root -> anchors.add(new TrustAnchor(root, null)));
        for (X509Certificate root : systemRoots()) {
            anchors.add(new TrustAnchor(root, null));
        }
        return new ChainCheck(anchors);
    }

    /** Only the given roots (for tests, and for a CA whose root alone should count). */
    public static ChainCheck only(List<X509Certificate> roots) {
        Set<TrustAnchor> anchors = new HashSet<>();
        roots.forEach(root -> anchors.add(new TrustAnchor(root, null)));
        return new ChainCheck(anchors);
    }

    /** Empty when the chain leads to one of the roots at that instant; else why not. */
    public Optional<String> problem(ServedCertificate served, Instant at) {
        if (anchors.isEmpty()) {
            return Optional.of("no trusted roots to check against");
        }
        // The path handed to PKIX must not contain its anchor: a server that sends its root too
        // would otherwise fail a check that a browser passes.
        List<X509Certificate> path = new ArrayList<>(served.chain());
        while (path.size() > 1 && isSelfIssued(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        } catch (GeneralSecurityException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static boolean isSelfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    private static List<X509Certificate> systemRoots() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return List.of(x509.getAcceptedIssuers());
                }
            }
            return List.of();
        } catch (GeneralSecurityException e) {
            return List.of();
        }
    }
}
