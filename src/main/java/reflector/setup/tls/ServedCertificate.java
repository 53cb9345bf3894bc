package reflector.setup.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** The certificate chain a TLS server presented for a name, leaf first, as the handshake delivered it. */
public record ServedCertificate(List<X509Certificate> chain) {
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final int DNS_NAME = 2;

    public ServedCertificate {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a served certificate chain has at least the leaf");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The issuer's common name, or its whole distinguished name when it has none. */
    public String issuer() {
        return commonName(leaf().getIssuerX500Principal());
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public String serial() {
        return leaf().getSerialNumber().toString(16);
    }

    public boolean validAt(Instant now) {
        return !now.isBefore(notBefore()) && now.isBefore(notAfter());
    }

    /** The DNS names the leaf is for (its subject alternative names; browsers ignore the common name). */
    public List<String> dnsNames() {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = leaf().getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    if (entry.size() >= 2 && Integer.valueOf(DNS_NAME).equals(entry.get(0))) {
                        names.add(String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return names;
    }

    /** Whether a browser would accept the leaf for this name: an exact name, or a wildcard for one label. */
    public boolean covers(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        for (String candidate : dnsNames()) {
            if (candidate.equals(name)) {
                return true;
            }
            if (candidate.startsWith("*.")
                    && name.indexOf('.') > 0
                    && name.substring(name.indexOf('.') + 1).equals(candidate.substring(2))) {
                return true;
            }
        }
        return false;
    }

    /** "issued by X, expires 2027-02-28 10:00 UTC (in 89 days)". */
    public String describe(Instant now) {
        return "issued by " + issuer() + ", expires " + DAY.format(notAfter()) + " (" + remaining(now) + ")";
    }

    private String remaining(Instant now) {
        Duration left = Duration.between(now, notAfter());
        if (left.isNegative()) {
            return "expired " + left.negated().toDays() + " days ago";
        }
        return left.toDays() >= 1 ? "in " + left.toDays() + " days" : "in " + left.toHours() + " hours";
    }

    static String commonName(X500Principal principal) {
        String name = principal.getName(X500Principal.RFC2253);
        try {
            for (Rdn rdn : new LdapName(name).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return name;
        }
        return name;
    }
}
