package io.redraft.server.net.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PEM certificates and PKCS#8 private keys (plain or encrypted), read with the JDK alone so that
 * each fault is reported in Redis's words with the file it concerns.
 */
final class PemFiles {
    private PemFiles() {}

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** The OID of PBES2: its real cipher is named by the parameters, not by the algorithm id. */
    private static final String PBES2 = "1.2.840.113549.1.5.13";

    /** The certificate chain in {@code file}, leaf first; an expired leaf is refused up front. */
    static List<X509Certificate> chain(Path file, String what) {
        List<X509Certificate> certs = certificates(file, "Failed to load " + what + ": " + file + ": ");
        X509Certificate leaf = certs.get(0);
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            // OpenSSL loads it and every handshake then fails; saying so at load saves the hunt.
            throw new TlsFailed("Failed to load " + what + ": " + file + ": certificate expired on " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new TlsFailed("Failed to load " + what + ": " + file + ": certificate not valid before " + leaf.getNotBefore().toInstant());
        }
        return certs;
    }

    /** CA certificates from a bundle file and/or every certificate file of a directory. */
    static List<X509Certificate> authorities(Path file, Path dir) {
        List<X509Certificate> out = new ArrayList<>();
        String failed = "Failed to configure CA certificate(s) file/directory: ";
        if (file != null) out.addAll(certificates(file, failed + file + ": "));
        if (dir != null) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    // OpenSSL's hashed directories hold links and other files too: take what parses.
                    if (!Files.isRegularFile(f)) continue;
                    try {
                        out.addAll(certificates(f, ""));
                    } catch (TlsFailed notACertificate) {
                        // skipped, as OpenSSL skips files that are not certificates
                    }
                }
            } catch (IOException e) {
                throw new TlsFailed(failed + dir + ": " + reason(e));
            }
        }
        if (out.isEmpty()) throw new TlsFailed(failed + "no certificate found");
        return out;
    }

    static PrivateKey privateKey(Path file, String password, String what) {
        String failed = "Failed to load " + what + ": " + file + ": ";
        List<String[]> blocks = blocks(read(file, failed));
        for (String[] b : blocks) {
            try {
                return switch (b[0]) {
                    case "PRIVATE KEY" -> plain(Base64.getMimeDecoder().decode(b[1]), failed);
                    case "ENCRYPTED PRIVATE KEY" -> decrypt(Base64.getMimeDecoder().decode(b[1]), password, failed);
                    case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new TlsFailed(failed
                            + "not a PKCS#8 key (convert it with: openssl pkcs8 -topk8 -in " + file.getFileName() + ")");
                    default -> null;
                };
            } catch (IllegalArgumentException e) {
                throw new TlsFailed(failed + "bad base64");
            }
        }
        throw new TlsFailed(failed + "no private key found");
    }

    private static PrivateKey decrypt(byte[] der, String password, String failed) {
        if (password == null || password.isEmpty()) throw new TlsFailed(failed + "the key is encrypted and no password is set");
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            String alg = info.getAlgName();
            if (alg.equals(PBES2) || alg.equalsIgnoreCase("PBES2")) alg = info.getAlgParameters().toString();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(alg);
            Cipher cipher = Cipher.getInstance(alg);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())),
                    info.getAlgParameters());
            return decode(info.getKeySpec(cipher).getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new TlsFailed(failed + "unsupported key encryption: " + reason(e));
        } catch (IOException e) {
            throw new TlsFailed(failed + reason(e));
        } catch (GeneralSecurityException | TlsFailed e) {
            // A wrong password fails the padding check or decrypts to bytes that are not a key: OpenSSL's words.
            throw new TlsFailed(failed + "bad decrypt");
        }
    }

    private static PrivateKey plain(byte[] pkcs8, String failed) {
        try {
            return decode(pkcs8);
        } catch (TlsFailed e) {
            throw new TlsFailed(failed + e.getMessage());
        }
    }

    private static PrivateKey decode(byte[] pkcs8) {
        for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException next) {
                // try the next algorithm
            }
        }
        throw new TlsFailed("unsupported key type");
    }

    private static List<X509Certificate> certificates(Path file, String failed) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (String[] b : blocks(read(file, failed))) {
                if (!b[0].equals("CERTIFICATE") && !b[0].equals("TRUSTED CERTIFICATE")) continue;
                certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(b[1]))));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TlsFailed(failed + reason(e));
        }
        if (certs.isEmpty()) throw new TlsFailed(failed + "no certificate found");
        return certs;
    }

    private static String read(Path file, String failed) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsFailed(failed + "No such file or directory");
        } catch (IOException e) {
            throw new TlsFailed(failed + reason(e));
        }
    }

    private static List<String[]> blocks(String pem) {
        List<String[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) out.add(new String[] {m.group(1), m.group(2).strip()});
        return out;
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
