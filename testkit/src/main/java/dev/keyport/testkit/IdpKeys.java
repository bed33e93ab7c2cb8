package dev.keyport.testkit;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;

import org.opensaml.security.credential.BasicCredential;
import org.opensaml.security.credential.Credential;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.keyinfo.KeyInfoGenerator;
import org.opensaml.xmlsec.keyinfo.impl.BasicKeyInfoGeneratorFactory;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;

/**
 * The keys of one {@link SamlResponseFactory}: the RSA-2048 signing pair with its self-signed certificate, the
 * OpenSAML credential and KeyInfo made from them, and the (lazily generated) pair assertions are encrypted to.
 * Kept apart from the XML writing so that a factory's identity is one object the writer only reads.
 */
final class IdpKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair signingKeys;
    private final X509Certificate certificate; // null when BouncyCastle is not on the classpath
    private final Credential signingCredential;
    private volatile KeyPair encryptionKeys;

    /** Generates a fresh RSA-2048 signing key pair and a self-signed certificate for it. */
    IdpKeys() {
        this.signingKeys = rsaKeyPair();
        X509Certificate cert;
        try {
            cert = SelfSigned.certificate(signingKeys, "CN=Keyport Testkit IdP, O=Keyport Testkit");
        } catch (LinkageError | Exception e) {
            cert = null; // BouncyCastle missing: sign with a bare key (KeyValue in KeyInfo)
        }
        this.certificate = cert;
        this.signingCredential = cert != null
                ? new BasicX509Credential(cert, signingKeys.getPrivate())
                : new BasicCredential(signingKeys.getPublic(), signingKeys.getPrivate());
    }

    PublicKey publicKey() {
        return signingKeys.getPublic();
    }

    X509Certificate certificate() {
        return certificate;
    }

    String certificatePem() {
        if (certificate == null) {
            return null;
        }
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Credential signingCredential() {
        return signingCredential;
    }

    /** Generated on first use: most tests never encrypt, and an RSA-2048 pair costs noticeable time. */
    KeyPair encryptionKeyPair() {
        KeyPair k = encryptionKeys;
        if (k == null) {
            synchronized (this) {
                k = encryptionKeys;
                if (k == null) {
                    k = rsaKeyPair();
                    encryptionKeys = k;
                }
            }
        }
        return k;
    }

    /**
     * KeyInfo of a signature: the certificate when there is one (what real IdPs send and AWS expects), else the bare
     * public key, so that signing still works without BouncyCastle.
     */
    KeyInfoGenerator keyInfoGenerator() {
        if (certificate != null) {
            X509KeyInfoGeneratorFactory f = new X509KeyInfoGeneratorFactory();
            f.setEmitEntityCertificate(true);
            return f.newInstance();
        }
        BasicKeyInfoGeneratorFactory f = new BasicKeyInfoGeneratorFactory();
        f.setEmitPublicKeyValue(true);
        return f.newInstance();
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Self-signed X.509 v3 certificate with BouncyCastle's ASN.1 classes (bcprov, via OpenSAML's cryptacular). */
    private static final class SelfSigned {
        static X509Certificate certificate(KeyPair keys, String dn) throws Exception {
            org.bouncycastle.asn1.x509.AlgorithmIdentifier alg = new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                    org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.sha256WithRSAEncryption,
                    org.bouncycastle.asn1.DERNull.INSTANCE);
            org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name(dn);
            org.bouncycastle.asn1.x509.V3TBSCertificateGenerator g = new org.bouncycastle.asn1.x509.V3TBSCertificateGenerator();
            g.setSerialNumber(new org.bouncycastle.asn1.ASN1Integer(new BigInteger(64, RANDOM).add(BigInteger.ONE)));
            g.setIssuer(name);
            g.setSubject(name);
            long now = System.currentTimeMillis();
            g.setStartDate(new org.bouncycastle.asn1.x509.Time(new Date(now - 86_400_000L)));
            g.setEndDate(new org.bouncycastle.asn1.x509.Time(new Date(now + 365L * 86_400_000L)));
            g.setSubjectPublicKeyInfo(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
            g.setSignature(alg);
            org.bouncycastle.asn1.x509.TBSCertificate tbs = g.generateTBSCertificate();
            java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update(tbs.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER));
            org.bouncycastle.asn1.ASN1EncodableVector v = new org.bouncycastle.asn1.ASN1EncodableVector();
            v.add(tbs);
            v.add(alg);
            v.add(new org.bouncycastle.asn1.DERBitString(s.sign()));
            byte[] der = new org.bouncycastle.asn1.DERSequence(v).getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        }
    }
}
