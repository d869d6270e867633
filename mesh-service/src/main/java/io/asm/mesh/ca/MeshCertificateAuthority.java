package io.asm.mesh.ca;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A mesh's certificate authority, as istiod's self-signed CA would be (DOMAIN.md §6.1), and the workload
 * certificates it signs (§6.2). Pure functions of their inputs: storage and sealing are the caller's.
 */
public final class MeshCertificateAuthority {

    static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    public static final Duration DEFAULT_WORKLOAD_TTL = Duration.ofHours(24);
    public static final Duration MAX_WORKLOAD_TTL = Duration.ofDays(90);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** PEM texts: the certificate, and the private key (PKCS#1 {@code RSA PRIVATE KEY}). */
    public record Issued(String certificatePem, String privateKeyPem) {}

    private MeshCertificateAuthority() {}

    /** Root CA: self-signed, {@code O=<trustDomain>}, RSA 2048, 10 years, CA:true, keyCertSign only. */
    public static Issued createRoot(String trustDomain) {
        try {
            KeyPair keys = rsa2048();
            Instant now = Instant.now();
            X500Name subject = new X500Name("O=" + trustDomain);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    subject, serial(), Date.from(now), Date.from(now.plus(ROOT_VALIDITY)), subject, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
            b.addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            return new Issued(pem(sign(b, keys.getPrivate())), pem(keys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create a root CA", e);
        }
    }

    /**
     * A workload certificate for {@code spiffe://<td>/ns/<ns>/sa/<sa>} with a fresh RSA 2048 key: empty subject,
     * critical SAN, digitalSignature+keyEncipherment, serverAuth+clientAuth, NotBefore now−2 min, NotAfter within
     * the root's.
     */
    public static Issued signWorkload(
            Issued root, String trustDomain, String namespace, String serviceAccount, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_WORKLOAD_TTL) > 0) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "TtlSeconds", "It must be between 1 s and 90 days.");
        }
        for (String part : new String[] {trustDomain, namespace, serviceAccount}) {
            if (part == null || !part.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
                throw new AsmException(
                        AsmError.INVALID_PARAMETER,
                        "Namespace/ServiceAccount/TrustDomain",
                        "Each must be a DNS-1123 name.");
            }
        }
        try {
            X509Certificate ca = certificate(root.certificatePem());
            KeyPair keys = rsa2048();
            Instant now = Instant.now();
            Instant notAfter = now.plus(ttl);
            if (notAfter.isAfter(ca.getNotAfter().toInstant())) {
                notAfter = ca.getNotAfter().toInstant();
            }
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    ca,
                    serial(),
                    Date.from(now.minus(CLOCK_SKEW)),
                    Date.from(notAfter),
                    new X500Name(new RDN[0]),
                    keys.getPublic());
            String spiffe = "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount;
            b.addExtension(
                    Extension.subjectAlternativeName,
                    true,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, spiffe)));
            b.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
            }));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
            return new Issued(pem(sign(b, privateKey(root.privateKeyPem()))), pem(keys.getPrivate()));
        } catch (AsmException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign a workload certificate", e);
        }
    }

    /** A TLS serving certificate (e.g. for a mesh's kube-apiserver) for the given DNS names and IP addresses. */
    public static Issued signServer(Issued root, List<String> dnsNames, List<String> ips, Duration ttl) {
        try {
            X509Certificate ca = certificate(root.certificatePem());
            KeyPair keys = rsa2048();
            Instant now = Instant.now();
            Instant notAfter = now.plus(ttl).isAfter(ca.getNotAfter().toInstant())
                    ? ca.getNotAfter().toInstant()
                    : now.plus(ttl);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    ca,
                    serial(),
                    Date.from(now.minus(CLOCK_SKEW)),
                    Date.from(notAfter),
                    new X500Name("CN=" + dnsNames.get(0)),
                    keys.getPublic());
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
            ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            b.addExtension(
                    Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            b.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return new Issued(pem(sign(b, privateKey(root.privateKeyPem()))), pem(keys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign a server certificate", e);
        }
    }

    /** A bare RSA 2048 key pair as PEM (public key, PKCS#1 private key), e.g. for service-account token signing. */
    public static Issued keyPair() {
        try {
            KeyPair keys = rsa2048();
            return new Issued(pem(keys.getPublic()), pem(keys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509Certificate certificate(String pem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    static PrivateKey privateKey(String pem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return o instanceof PEMKeyPair pair
                    ? converter.getKeyPair(pair).getPrivate()
                    : converter.getPrivateKey((PrivateKeyInfo) o);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    }

    private static KeyPair rsa2048() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE); // random, positive, < 2^128
    }

    private static String pem(Object o) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
