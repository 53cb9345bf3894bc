package reflector.setup.support;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA and certificates signed by it, made with the JDK's keytool (nothing else is
 * needed, and nothing is fetched): for in-process TLS servers in unit tests and for pebble's
 * ACME endpoint in the end-to-end test.
 */
public final class TestCertificates {
    public static final char[] PASSWORD = "changeit".toCharArray();
    private final Path dir;
    private final String caAlias;

    private TestCertificates(Path dir, String caAlias) {
        this.dir = dir;
        this.caAlias = caAlias;
    }

    /** A new CA in {@code dir}, with this common name. */
    public static TestCertificates newCa(Path dir, String commonName) throws Exception {
        Files.createDirectories(dir);
        TestCertificates ca = new TestCertificates(dir, "ca");
        ca.keytool(
                "-genkeypair",
                "-keystore",
                ca.store("ca").toString(),
                "-alias",
                "ca",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + commonName,
                "-ext",
                "bc:c",
                "-validity",
                "3");
        ca.keytool(
                "-exportcert",
                "-keystore",
                ca.store("ca").toString(),
                "-alias",
                "ca",
                "-rfc",
                "-file",
                ca.caPemFile().toString());
        return ca;
    }

    public Path caPemFile() {
        return dir.resolve("ca.pem");
    }

    public String caPem() throws Exception {
        return Files.readString(caPemFile());
    }

    public X509Certificate caCertificate() throws Exception {
        return parse(caPem()).get(0);
    }

    /** A server certificate for these names (dns:NAME or ip:ADDRESS), in a PKCS12 key store with its chain. */
    public KeyStore server(String alias, String... subjectAlternativeNames) throws Exception {
        Path store = store(alias);
        keytool(
                "-genkeypair",
                "-keystore",
                store.toString(),
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + alias,
                "-validity",
                "3");
        Path request = dir.resolve(alias + ".csr");
        Path signed = dir.resolve(alias + ".crt");
        keytool("-certreq", "-keystore", store.toString(), "-alias", alias, "-file", request.toString());
        keytool(
                "-gencert",
                "-keystore",
                store(caAlias).toString(),
                "-alias",
                caAlias,
                "-infile",
                request.toString(),
                "-outfile",
                signed.toString(),
                "-rfc",
                "-ext",
                "san=" + String.join(",", subjectAlternativeNames),
                "-ext",
                "eku=serverAuth",
                "-validity",
                "2");
        keytool(
                "-importcert",
                "-noprompt",
                "-keystore",
                store.toString(),
                "-alias",
                "issuer",
                "-file",
                caPemFile().toString());
        keytool("-importcert", "-keystore", store.toString(), "-alias", alias, "-file", signed.toString());
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD);
        }
        return keyStore;
    }

    /** The server's chain as PEM (leaf first) and its private key as PKCS#8 PEM, as Go programs read them. */
    public static String chainPem(KeyStore keyStore, String alias) throws Exception {
        StringBuilder out = new StringBuilder();
        for (Certificate certificate : keyStore.getCertificateChain(alias)) {
            out.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        return out.toString();
    }

    public static String keyPem(KeyStore keyStore, String alias) throws Exception {
        Key key = keyStore.getKey(alias, PASSWORD);
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static X509Certificate leaf(KeyStore keyStore, String alias) throws Exception {
        return (X509Certificate) keyStore.getCertificate(alias);
    }

    public static List<X509Certificate> chain(KeyStore keyStore, String alias) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : keyStore.getCertificateChain(alias)) {
            chain.add((X509Certificate) certificate);
        }
        return chain;
    }

    public static List<X509Certificate> parse(String pem) throws Exception {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            certificates.add((X509Certificate) certificate);
        }
        return certificates;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private Path store(String alias) {
        return dir.resolve(alias + ".p12");
    }

    private void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", new String(PASSWORD)));
        if (List.of(args).contains("-genkeypair")) {
            command.addAll(List.of("-keypass", new String(PASSWORD)));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + output);
        }
    }
}
