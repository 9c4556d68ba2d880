package io.redraft.resp;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS certificates made by the tests themselves (never checked in): a CA and what it issues,
 * written as PEM files the way an operator would make them with openssl. EC P-256 keys, so that
 * a test pays milliseconds for a whole cluster's worth.
 */
public final class TestCertificates {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private TestCertificates() {}

    /** A private key and its certificate. */
    public record Issued(X509Certificate cert, PrivateKey key) {
        /** Writes {@code name}.crt and {@code name}.key (encrypted with {@code password} unless null) into {@code dir}. */
        public PemPair write(Path dir, String name, String password) throws IOException {
            Path crt = dir.resolve(name + ".crt");
            Path key = dir.resolve(name + ".key");
            Files.writeString(crt, pem(cert));
            Files.writeString(key, keyPem(key(), password));
            return new PemPair(crt, key);
        }

        public PemPair write(Path dir, String name) throws IOException {
            return write(dir, name, null);
        }
    }

    /** The certificate and key files of one {@link Issued}. */
    public record PemPair(Path cert, Path key) {}

    /** A certificate authority: it signs node and client certificates. */
    public record Authority(Issued self) {
        /** A certificate valid from an hour ago for a day, for localhost and 127.0.0.1, for servers and clients. */
        public Issued issue(String commonName) {
            Instant now = Instant.now();
            return issue(commonName, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
        }

        /** A certificate that expired an hour ago. */
        public Issued issueExpired(String commonName) {
            Instant now = Instant.now();
            return issue(commonName, now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1)));
        }

        public Issued issue(String commonName, Instant notBefore, Instant notAfter) {
            try {
                KeyPair kp = keyPair();
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(self.cert(), serial(),
                        Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + commonName), kp.getPublic());
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
                return new Issued(sign(b, self.key()), kp.getPrivate());
            } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        public Path writeCert(Path file) throws IOException {
            Files.writeString(file, pem(self.cert()));
            return file;
        }
    }

    /** A new self-signed CA named {@code commonName}. */
    public static Authority authority(String commonName) {
        try {
            KeyPair kp = keyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=" + commonName);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))), name, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Authority(new Issued(sign(b, kp.getPrivate()), kp.getPrivate()));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 PEM: {@code PRIVATE KEY}, or {@code ENCRYPTED PRIVATE KEY} (PBES2, AES-256, HMAC-SHA256) with a password. */
    public static String keyPem(PrivateKey key, String password) throws IOException {
        try {
            OutputEncryptor enc = password == null ? null
                    : new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                            .setPRF(PKCS8Generator.PRF_HMACSHA256)
                            .setProvider(BC).setPassword(password.toCharArray()).build();
            return writePem(new JcaPKCS8Generator(key, enc));
        } catch (OperatorCreationException e) {
            throw new IOException(e);
        }
    }

    public static String pem(X509Certificate cert) throws IOException {
        return writePem(cert);
    }

    private static String writePem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }
}
